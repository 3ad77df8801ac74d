//! The tax calculation against worked cases from the agencies' own rules,
//! the data file's checks, and properties over the whole input domain.

use proptest::prelude::*;

use super::*;

fn tables() -> TaxTables {
    let text = include_str!("../../content/data/tax-2026.toml");
    TaxTables::parse(text).unwrap_or_else(|errors| panic!("{errors:?}"))
}

fn take_home(wages: u64, filing: Filing, state: &str, city: Option<&str>) -> TakeHome {
    tables()
        .take_home(TaxQuery {
            wages,
            filing,
            state,
            city,
        })
        .unwrap()
}

fn line(result: &TakeHome, id: &str) -> i64 {
    result
        .lines
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no line {id} in {:?}", result.lines))
        .amount
}

#[test]
fn a_single_filer_on_100000_owes_the_irs_worked_13170() {
    // $100,000 less the $16,100 standard deduction: 10% of $12,400, 12% of
    // the next $38,000 and 22% of the rest.
    let result = take_home(100_000, Filing::Single, "TX", None);
    assert_eq!(line(&result, "federal-income-tax"), 13_170);
}

#[test]
fn wages_above_the_top_bracket_pay_37_percent_on_the_rest() {
    let result = take_home(1_000_000, Filing::Single, "TX", None);
    // $983,900 taxable: $192,979.25 up to $640,600, 37% of $343,300 above.
    assert_eq!(line(&result, "federal-income-tax"), 320_000);
    let federal = &result.lines[0];
    assert!((federal.marginal_rate - 0.37).abs() < 1e-9);
}

#[test]
fn social_security_stops_at_the_2026_wage_base() {
    for wages in [184_500, 200_000, 600_000] {
        let result = take_home(wages, Filing::Single, "TX", None);
        assert_eq!(line(&result, "social-security"), 11_439, "at {wages}");
    }
    let below = take_home(100_000, Filing::Single, "TX", None);
    assert_eq!(line(&below, "social-security"), 6_200);
}

#[test]
fn additional_medicare_tax_starts_above_its_threshold_for_each_filing() {
    let at = |wages, filing| {
        line(
            &take_home(wages, filing, "TX", None),
            "additional-medicare-tax",
        )
    };
    assert_eq!(at(200_000, Filing::Single), 0);
    assert_eq!(at(250_000, Filing::Single), 450);
    assert_eq!(at(250_000, Filing::Joint), 0);
    assert_eq!(at(300_000, Filing::Joint), 450);
    assert_eq!(
        line(&take_home(300_000, Filing::Joint, "TX", None), "medicare"),
        4_350
    );
}

#[test]
fn zero_wages_owe_nothing_anywhere() {
    let tables = tables();
    for state in STATE_CODES {
        for filing in Filing::ALL {
            let result = tables
                .take_home(TaxQuery {
                    wages: 0,
                    filing,
                    state,
                    city: None,
                })
                .unwrap();
            assert_eq!(result.total, 0, "{state} {filing}");
            assert_eq!(result.year, 0);
            assert_eq!(result.effective_rate, 0.0);
        }
    }
}

#[test]
fn a_state_without_income_tax_shows_a_zero_state_line() {
    let result = take_home(150_000, Filing::Single, "TX", None);
    assert_eq!(line(&result, "state-income-tax"), 0);
    assert_eq!(result.lines.len(), 5, "{:?}", result.lines);
    // Washington taxes no wages but takes paid leave and long-term care.
    let washington = take_home(100_000, Filing::Single, "WA", None);
    assert_eq!(line(&washington, "state-income-tax"), 0);
    assert_eq!(line(&washington, "wa-cares"), 580);
    assert_eq!(line(&washington, "wa-pfml"), 807);
}

#[test]
fn new_york_city_is_taxed_on_new_york_taxable_income_beside_the_state() {
    let result = take_home(100_000, Filing::Single, "NY", Some("new-york-city"));
    // New York taxable income $92,000, below the supplemental tax's start:
    // the schedule's $4,190 + 5.9% of $11,350 = $4,859.65.
    assert_eq!(line(&result, "state-income-tax"), 4_860);
    // City: $369.36 + $489.06 + $954.75 + 3.876% of $42,000.
    assert_eq!(line(&result, "new-york-city"), 3_441);
    assert_eq!(line(&result, "ny-sdi"), 31);
    assert_eq!(line(&result, "ny-pfl"), 412);
}

fn new_york(wages: u64, filing: Filing) -> i64 {
    line(&take_home(wages, filing, "NY", None), "state-income-tax")
}

// New York above $107,650 of AGI, by the IT-201 tax computation worksheets.
// Single filers' first worksheet (taxable income up to $215,400): line 3 is
// 5.9% of taxable income; line 4 the rate schedule's tax, whose 5.9% bracket
// reads "$4,190 plus 5.9% of the excess over $80,650" ($4,190.10 exactly,
// printed rounded); line 5 = line 3 - line 4 = 5.9% of $80,650 - $4,190 =
// $568.35; line 7 the AGI over $107,650 divided by $50,000 to four decimals;
// tax = line 4 + line 5 x line 7, or line 3 alone from $157,650 of AGI.

#[test]
fn new_york_at_180000_single_is_5_9_percent_of_all_taxable_income() {
    // AGI $180,000 is past $157,650, so the worksheet stops at line 3:
    // 5.9% of $172,000 = $10,148.
    assert_eq!(new_york(180_000, Filing::Single), 10_148);
    // $200,000: 5.9% of $192,000 = $11,328.
    assert_eq!(new_york(200_000, Filing::Single), 11_328);
}

#[test]
fn new_york_single_around_the_first_worksheet_follows_it_line_by_line() {
    // $100,000, below the supplemental tax: the rate schedule alone,
    // $4,190 + 5.9% of $11,350 ($669.65) = $4,859.65.
    assert_eq!(new_york(100_000, Filing::Single), 4_860);
    // $107,650, at the start: $4,190 + 5.9% of $19,000 = $5,311.
    assert_eq!(new_york(107_650, Filing::Single), 5_311);
    // $107,700: line 4 $4,190 + 5.9% of $19,050 = $5,313.95; line 7
    // 50 / 50,000 = 0.0010; $5,313.95 + $568.35 x 0.001 = $5,314.52.
    assert_eq!(new_york(107_700, Filing::Single), 5_315);
    // $132,650, halfway: line 4 $4,190 + 5.9% of $44,000 = $6,786;
    // + $568.35 x 0.5 = $7,070.18.
    assert_eq!(new_york(132_650, Filing::Single), 7_070);
    // $157,649: 49,999 / 50,000 = 0.99998, 1.0000 to four decimals, so the
    // whole benefit: 5.9% of $149,649 = $8,829.29.
    assert_eq!(new_york(157_649, Filing::Single), 8_829);
    // $157,650: "Stop" at line 3, 5.9% of $149,650 = $8,829.35.
    assert_eq!(new_york(157_650, Filing::Single), 8_829);
    // $223,400: taxable income $215,400, the last dollar of the first
    // worksheet: 5.9% of $215,400 = $12,708.60.
    assert_eq!(new_york(223_400, Filing::Single), 12_709);
}

#[test]
fn new_york_single_around_the_second_worksheet_adds_its_recapture_base() {
    // Taxable income over $215,400: line 3 is 6.85% of it; line 4 is
    // "$12,140 plus 6.85% of the excess over $215,400" ($12,140.35 exactly);
    // line 5 = 6.85% of $215,400 - $12,140 = $2,614.90; line 6 the printed
    // base $567; line 7 = $2,047.90; the fraction is AGI over $215,400 over
    // $50,000; tax = line 4 + $567 + line 7 x fraction.
    //
    // $223,401 (taxable $215,401): fraction 8,001 / 50,000 = 0.16002, so
    // 0.1600; $12,140.0685 + $567 + $327.664 = $13,034.73.
    assert_eq!(new_york(223_401, Filing::Single), 13_035);
    // $240,400 (taxable $232,400), halfway: $12,140 + 6.85% of $17,000
    // ($1,164.50) + $567 + $1,023.95 = $14,895.45.
    assert_eq!(new_york(240_400, Filing::Single), 14_895);
    // $265,400: "Stop" at line 3, 6.85% of $257,400 = $17,631.90.
    assert_eq!(new_york(265_400, Filing::Single), 17_632);
    // $10,000,000 (taxable $9,992,000), past the 10.3% worksheet's
    // phase-in from $5,000,000: 10.3% of it = $1,029,176.
    assert_eq!(new_york(10_000_000, Filing::Single), 1_029_176);
    // Above $25,000,000 of AGI every dollar of taxable income pays 10.9%:
    // 10.9% of $29,992,000 = $3,269,128.
    assert_eq!(new_york(30_000_000, Filing::Single), 3_269_128);
}

#[test]
fn new_york_joint_follows_its_own_worksheets() {
    // Joint's first worksheet (taxable income up to $161,550) puts 5.4% on
    // all taxable income; the schedule's 5.4% bracket reads "$1,174 plus
    // 5.4% of the excess over $27,900" ($1,174.10 exactly); line 5 = 5.4% of
    // $27,900 - $1,174 = $332.60.
    //
    // $132,650 (taxable $116,600), halfway: $1,174 + 5.4% of $88,700
    // ($4,789.80) + $332.60 x 0.5 = $6,130.10.
    assert_eq!(new_york(132_650, Filing::Joint), 6_130);
    // $157,650 (taxable $141,600): 5.4% of it = $7,646.40.
    assert_eq!(new_york(157_650, Filing::Joint), 7_646);
    // $180,000 (taxable $163,950) is on the second worksheet: 5.9% on all
    // of it is $9,673.05; line 4 "$8,391 plus 5.9% of the excess over
    // $161,550" = $8,532.60; line 5 $1,140.45; base $333; line 7 $807.45;
    // fraction 18,450 / 50,000 = 0.369; $8,532.60 + $333 + $297.95 =
    // $9,163.55.
    assert_eq!(new_york(180_000, Filing::Joint), 9_164);
    // $211,550: "Stop" at line 3, 5.9% of $195,500 = $11,534.50.
    assert_eq!(new_york(211_550, Filing::Joint), 11_535);
}

#[test]
fn new_yorks_phase_in_fraction_is_rounded_to_four_decimals() {
    assert_eq!(state::phased_in_ten_thousandths(12_351, 50_000), 2_470);
    assert_eq!(state::phased_in_ten_thousandths(12_353, 50_000), 2_471);
    assert_eq!(state::phased_in_ten_thousandths(2, 50_000), 0);
    assert_eq!(state::phased_in_ten_thousandths(3, 50_000), 1);
    assert_eq!(state::phased_in_ten_thousandths(49_999, 50_000), 10_000);
}

#[test]
fn philadelphia_taxes_residents_wages_at_its_resident_rate() {
    let result = take_home(100_000, Filing::Single, "PA", Some("philadelphia"));
    assert_eq!(line(&result, "philadelphia"), 3_740);
    assert_eq!(line(&result, "state-income-tax"), 3_070);
    assert_eq!(line(&result, "pa-uc"), 70);
}

#[test]
fn take_home_is_wages_less_every_line_and_a_twelfth_a_month() {
    let result = take_home(123_457, Filing::Joint, "CA", None);
    let sum: i64 = result.lines.iter().map(|l| l.amount).sum();
    assert_eq!(result.total, sum);
    assert_eq!(result.year, 123_457 - sum);
    assert!((result.month - result.year / 12).abs() <= 1);
}

#[test]
fn bad_queries_are_refused_with_stable_codes() {
    let tables = tables();
    let query = |state, city| TaxQuery {
        wages: 100_000,
        filing: Filing::Single,
        state,
        city,
    };
    let error = tables.take_home(query("XX", None)).unwrap_err();
    assert_eq!(error.code(), "unknown_state");
    let error = tables.take_home(query("NY", Some("gotham"))).unwrap_err();
    assert_eq!(error.code(), "unknown_home_city");
    let error = tables
        .take_home(query("NJ", Some("new-york-city")))
        .unwrap_err();
    assert_eq!(error.code(), "home_city_not_in_state");
    assert_eq!(error.to_string(), "New York City is in NY, not NJ");
    let error = "married".parse::<Filing>().unwrap_err();
    assert_eq!(error.code(), "invalid_filing");
    assert_eq!(take_home(1, Filing::Single, "ny", None).state, "NY");
}

#[test]
fn every_local_and_payroll_line_names_a_source_in_the_file() {
    let tables = tables();
    let known: Vec<&str> = tables.sources.iter().map(|s| s.id.as_str()).collect();
    for local in &tables.locals {
        assert!(known.contains(&local.source.as_str()), "{}", local.id);
    }
    for payroll in &tables.payroll {
        assert!(known.contains(&payroll.source.as_str()), "{}", payroll.id);
    }
    assert_eq!(tables.states.len(), 51);
}

fn problems(edit: impl Fn(&str) -> String) -> String {
    let text = edit(include_str!("../../content/data/tax-2026.toml"));
    match TaxTables::parse(&text) {
        Ok(_) => panic!("the edited file was accepted"),
        Err(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.entry, e.problem))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn brackets_out_of_order_are_refused_naming_the_entry() {
    let found = problems(|t| {
        t.replacen(
            "[12400, 0.12], [50400, 0.22]",
            "[50400, 0.12], [12400, 0.22]",
            1,
        )
    });
    assert!(
        found
            .contains("federal.single.brackets: brackets must start at strictly ascending incomes"),
        "{found}"
    );
}

#[test]
fn a_rate_above_one_is_refused() {
    let found = problems(|t| t.replacen("rate = 0.062", "rate = 6.2", 1));
    assert!(
        found.contains("social_security.rate: rate 6.2 must be a fraction between 0 and 1"),
        "{found}"
    );
}

#[test]
fn a_missing_state_is_refused() {
    let found = problems(|t| t.replacen("code = \"WY\"", "code = \"XX\"", 1));
    assert!(
        found.contains("WY is missing: every state and DC needs an entry"),
        "{found}"
    );
    assert!(found.contains("(XX): not a state's postal code"), "{found}");
}

#[test]
fn a_city_in_a_state_not_listed_is_refused() {
    let found = problems(|t| {
        t.replacen(
            "state = \"OH\"\nlabel = \"Columbus",
            "state = \"ZZ\"\nlabel = \"Columbus",
            1,
        )
    });
    assert!(
        found.contains("locals[5] (columbus): state `ZZ` is not in [[states]]"),
        "{found}"
    );
}

#[test]
fn an_unknown_source_is_refused() {
    let found = problems(|t| t.replacen("source = \"pa-uc\"", "source = \"pa-typo\"", 1));
    assert!(found.contains("cites unknown source `pa-typo`"), "{found}");
}

/// Any state with any of its cities, or none.
fn place() -> impl Strategy<Value = (String, Option<String>)> {
    let tables = tables();
    let mut places: Vec<(String, Option<String>)> = STATE_CODES
        .iter()
        .map(|s| ((*s).to_owned(), None))
        .collect();
    places.extend(
        tables
            .locals
            .iter()
            .map(|l| (l.state.clone(), Some(l.id.clone()))),
    );
    proptest::sample::select(places)
}

fn filing() -> impl Strategy<Value = Filing> {
    prop_oneof![Just(Filing::Single), Just(Filing::Joint)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_take_home_stays_within_wages(
        wages in prop_oneof![0_u64..2_000_000, 0_u64..=1_000_000_000_000],
        filing in filing(),
        (state, city) in place(),
    ) {
        let tables = tables();
        let result = tables
            .take_home(TaxQuery { wages, filing, state: &state, city: city.as_deref() })
            .unwrap();
        prop_assert!(result.year <= wages as i64);
        prop_assert!(result.lines.iter().all(|l| l.amount >= 0));
        prop_assert!(result.effective_rate >= 0.0 && result.effective_rate < 1.0);
    }

    #[test]
    fn more_wages_never_mean_less_tax_in_a_place(
        low in 0_u64..1_500_000,
        raise in prop_oneof![0_u64..=3, 0_u64..200_000],
        filing in filing(),
        (state, city) in place(),
    ) {
        let tables = tables();
        let total = |wages| {
            tables
                .take_home(TaxQuery { wages, filing, state: &state, city: city.as_deref() })
                .map(|r| r.total)
                .unwrap()
        };
        prop_assert!(total(low) <= total(low + raise), "{} then {}", total(low), total(low + raise));
    }
}

#[test]
fn a_worksheet_rate_that_is_no_brackets_rate_is_refused() {
    let found = problems(|t| t.replacen("[215400, 0.0685, 567]", "[215400, 0.0686, 567]", 1));
    assert!(
        found.contains(
            "recapture.steps[1]: the worksheet's rate must be one of the brackets' rates"
        ),
        "{found}"
    );
}
