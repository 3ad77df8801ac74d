#!/usr/bin/env python3
"""Outside check of the tax engine against PolicyEngine US.

Builds at least 200 cases (every state and DC, single and joint, wages from
$40,000 to $600,000, and every city with a wage tax), computes each with our
engine (`salary-guide tax --batch`, run through `cargo run`, or the binary
named by SALARY_GUIDE_BIN)
and with PolicyEngine's US model, and reports the difference on each tax.

PolicyEngine US (`pip install policyengine-us`, AGPL-3.0) is an outside
check only: it is imported here when installed, never vendored or copied.

    python3 tests/tax/policyengine_check.py            # summary
    python3 tests/tax/policyengine_check.py --verbose  # every case over $1

Exits 0 when every tax agrees within $1 or its difference is one the data
file's notes explain (EXPLAINED below), 1 otherwise, and 2 when PolicyEngine
is not installed.
"""

import argparse
import json
import os
import random
import subprocess
import sys
from collections import defaultdict

YEAR = 2026
TOLERANCE = 1.0
STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
    "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()

# Cities with a wage tax: our id, state, and how PolicyEngine is told the
# person lives there (a county, or the inputs its local taxes read), with the
# PolicyEngine variable to compare. None: PolicyEngine does not model it.
CITIES = {
    "new-york-city": ("NY", {"county": "NEW_YORK_COUNTY_NY"}, "nyc_income_tax_before_credits"),
    "yonkers": ("NY", {"in_yonkers": True}, "ny_yonkers_income_tax"),
    "philadelphia": ("PA", {"philadelphia": True}, "pa_philadelphia_wage_tax"),
    "kansas-city": ("MO", {"kansas_city": True}, "mo_kansas_city_earnings_tax"),
    "st-louis": ("MO", {"st_louis": True}, "mo_st_louis_earnings_tax"),
    "baltimore": ("MD", {"county": "BALTIMORE_CITY_MD"}, "md_local_income_tax_before_credits"),
    "indianapolis": ("IN", {"county": "MARION_COUNTY_IN"}, "in_county_tax"),
    "louisville": ("KY", {"county": "JEFFERSON_COUNTY_KY"}, "ky_jefferson_occupational_tax"),
    "pittsburgh": ("PA", {}, None),
    "detroit": ("MI", {}, None),
    "columbus": ("OH", {}, None),
    "cleveland": ("OH", {}, None),
    "cincinnati": ("OH", {}, None),
}

# Differences the data file's notes state as our choice, or where
# PolicyEngine's parameter is out of date: (tax, state) -> reason.
EXPLAINED = {
    ("state", "AR"): "Arkansas's bracket adjustment above $94,700 and its $100-band tax table "
                     "(data notes: up to $3)",
    ("state", "MN"): "Minnesota's alternative minimum tax is left out (data notes)",
}

TAXES = ["federal", "social_security", "medicare", "additional_medicare", "state", "payroll", "local"]


def cases():
    rng = random.Random(2026)
    out = []
    for state in STATES:
        for filing in ("single", "joint"):
            for _ in range(2):
                # Log-uniform over $40,000 to $600,000, odd dollars so no case
                # sits exactly on a bracket edge.
                wages = int(40_000 * (15 ** rng.random())) | 1
                out.append({"wages": wages, "filing": filing, "state": state, "city": None})
    for city, (state, _, _) in CITIES.items():
        for filing in ("single", "joint"):
            wages = int(40_000 * (15 ** rng.random())) | 1
            out.append({"wages": wages, "filing": filing, "state": state, "city": city})
    return out


def ours(queries):
    binary = os.environ.get("SALARY_GUIDE_BIN")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    command = [binary, "tax", "--batch"] if binary else [
        "cargo", "run", "--quiet", "--", "tax", "--batch"]
    done = subprocess.run(command, input="\n".join(json.dumps(q) for q in queries),
                          capture_output=True, text=True, cwd=root, check=True)
    results = []
    for query, line in zip(queries, done.stdout.splitlines()):
        answer = json.loads(line)
        if "error" in answer:
            sys.exit(f"our engine refused {query}: {answer['error']}")
        lines = {l["id"]: l for l in answer["lines"]}
        results.append({
            "federal": lines["federal-income-tax"]["amount"],
            "social_security": lines["social-security"]["amount"],
            "medicare": lines["medicare"]["amount"],
            "additional_medicare": lines["additional-medicare-tax"]["amount"],
            "state": lines["state-income-tax"]["amount"],
            "payroll": sum(l["amount"] for l in answer["lines"]
                           if l["level"] == "state" and l["id"] != "state-income-tax"),
            "local": sum(l["amount"] for l in answer["lines"] if l["level"] == "local"),
        })
    return results


def theirs(queries):
    from policyengine_us import Simulation

    people, units, households = {}, {}, {}
    for i, q in enumerate(queries):
        head = f"p{i}"
        members = [head]
        people[head] = {"age": {YEAR: 35}, "employment_income": {YEAR: q["wages"]},
                        "ak_permanent_fund_dividend": {YEAR: 0}}
        if q["filing"] == "joint":
            people[f"s{i}"] = {"age": {YEAR: 35}, "employment_income": {YEAR: 0}}
            members.append(f"s{i}")
        household = {"members": members, "state_code": {YEAR: q["state"]}}
        if q["city"]:
            how = CITIES[q["city"]][1]
            if "county" in how:
                household["county"] = {YEAR: how["county"]}
            if how.get("in_yonkers"):
                household["in_yonkers"] = {YEAR: True}
            if how.get("philadelphia"):
                people[head]["pa_philadelphia_wage_tax_resident"] = {YEAR: True}
                people[head]["pa_philadelphia_wage_tax_taxable_wages"] = {YEAR: q["wages"]}
            if how.get("kansas_city"):
                people[head]["mo_kansas_city_earnings_tax_taxable_earnings"] = {YEAR: q["wages"]}
            if how.get("st_louis"):
                people[head]["mo_st_louis_earnings_tax_taxable_earnings"] = {YEAR: q["wages"]}
        households[f"h{i}"] = household
        units[i] = members
    # Our calculation takes the standard deduction and counts wages only, as
    # the data file's notes say: PolicyEngine is told the same (no itemising,
    # no Alaska Permanent Fund Dividend), so a difference is a difference in
    # the rules, not in the household.
    situation = {
        "people": people,
        "tax_units": {f"t{i}": {"members": m, "tax_unit_itemizes": {YEAR: False}}
                      for i, m in units.items()},
        "families": {f"f{i}": {"members": m} for i, m in units.items()},
        "spm_units": {f"u{i}": {"members": m} for i, m in units.items()},
        "marital_units": {f"m{i}": {"members": m} for i, m in units.items()},
        "households": households,
    }
    sim = Simulation(situation=situation)
    person_index = {name: n for n, name in enumerate(people)}

    def per_unit(variable):
        return sim.calculate(variable, YEAR)

    def per_head(variable):
        values = sim.calculate(variable, YEAR)
        return [values[person_index[f"p{i}"]] for i in range(len(queries))]

    federal = per_unit("income_tax_before_refundable_credits")
    social_security = per_head("employee_social_security_tax")
    medicare = per_head("employee_medicare_tax")
    additional = per_unit("additional_medicare_tax")
    state = per_unit("state_income_tax")
    payroll = per_unit("employee_state_payroll_tax")
    local_values = {v: per_unit(v) for _, _, v in CITIES.values() if v}
    results = []
    for i, q in enumerate(queries):
        variable = CITIES[q["city"]][2] if q["city"] else None
        local = float(local_values[variable][i]) if variable else None
        state_tax = float(state[i])
        results.append({
            "federal": float(federal[i]),
            "social_security": float(social_security[i]),
            "medicare": float(medicare[i]),
            "additional_medicare": float(additional[i]),
            "state": state_tax,
            "payroll": float(payroll[i]),
            "local": local if q["city"] else 0.0,
        })
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every case over $1")
    args = parser.parse_args()
    try:
        import policyengine_us  # noqa: F401
    except ImportError:
        print("*" * 72, file=sys.stderr)
        print("policyengine-us is NOT INSTALLED: no outside check was run.", file=sys.stderr)
        print("Install it (AGPL-3.0, an outside check only): pip install policyengine-us", file=sys.stderr)
        print("*" * 72, file=sys.stderr)
        return 2

    queries = cases()
    mine, pe = ours(queries), theirs(queries)
    within = defaultdict(int)
    compared = defaultdict(int)
    worst = defaultdict(float)
    unexplained = []
    by_state = defaultdict(list)
    for q, a, b in zip(queries, mine, pe):
        for tax in TAXES:
            if tax == "local" and (not q["city"] or CITIES[q["city"]][2] is None):
                continue
            compared[tax] += 1
            diff = a[tax] - b[tax]
            if abs(diff) <= TOLERANCE:
                within[tax] += 1
                continue
            worst[tax] = max(worst[tax], abs(diff))
            reason = EXPLAINED.get((tax, q["state"]))
            by_state[(tax, q["state"])].append((q, a[tax], b[tax]))
            if not reason:
                unexplained.append((tax, q, a[tax], b[tax]))

    print(f"{len(queries)} cases: {len(STATES)} states and DC, single and joint, "
          f"wages ${min(q['wages'] for q in queries):,} to ${max(q['wages'] for q in queries):,}, "
          f"{len(CITIES)} cities ({sum(1 for c in CITIES.values() if c[2])} checkable)")
    print(f"{'tax':<22}{'within $1':>12}{'largest gap':>14}")
    for tax in TAXES:
        print(f"{tax:<22}{within[tax]:>6} / {compared[tax]:<5}{worst[tax]:>14,.2f}")
    if by_state:
        print("\nDifferences over $1, by tax and state:")
        for (tax, state), rows in sorted(by_state.items()):
            reason = EXPLAINED.get((tax, state), "NOT EXPLAINED")
            gaps = ", ".join(f"${q['wages']:,} {q['filing']}{' ' + q['city'] if q['city'] else ''}: "
                             f"ours {a:,.0f} vs {b:,.2f}" for q, a, b in rows[: (len(rows) if args.verbose else 2)])
            print(f"  {tax} {state} ({len(rows)}): {reason}\n      {gaps}")
    uncheckable = [c for c, v in CITIES.items() if v[2] is None]
    print(f"\nNot in PolicyEngine, so not checked here: {', '.join(uncheckable)}.")
    if unexplained:
        print(f"\n{len(unexplained)} differences over $1 are not explained.")
        return 1
    print("\nEvery difference over $1 is explained in the data file's notes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
