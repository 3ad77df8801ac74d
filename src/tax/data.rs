//! Checks the tax data file (`content/data/tax-2026.toml`) and builds the tables.
//!
//! [`TaxTables::parse`] reads the file, checks every figure (brackets
//! ascending and starting at zero, rates between 0 and 1, every state and DC
//! present once, every source cited and every citation known, every city's
//! state present) and builds the tables the calculation reads. Nothing here
//! computes a tax.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::file::{
    AmountFile, FederalFilingFile, PhaseOutFile, SourceFile, StateFilingFile, TaxFile,
};
use super::schedule::{Bracket, PhaseOut, Rate, Schedule, StepCharge, Taper, Tiers};
use super::{
    ByFiling, Federal, FederalTaxDeduction, Local, LocalBase, Medicare, Payroll, Recapture,
    RecaptureStep, SocialSecurity, State, StateFiling, TaxSource, TaxTables,
};
use crate::positions::Positions;

/// The fifty states and DC, by postal code: each must appear once.
pub const STATE_CODES: [&str; 51] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
];

/// One problem in the tax data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxDataError {
    /// Where in the file: `states[4] (CA).single.brackets`.
    pub entry: String,
    /// What is wrong, in words an author can act on.
    pub problem: String,
}

impl TaxDataError {
    fn new(entry: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            entry: entry.into(),
            problem: problem.into(),
        }
    }
}

impl TaxTables {
    /// Parses and checks the tax data file.
    pub fn parse(text: &str) -> Result<Self, Vec<TaxDataError>> {
        let file: TaxFile = toml::from_str(text).map_err(|error| {
            let entry = match error.span() {
                Some(span) => format!("line {}", 1 + text[..span.start].matches('\n').count()),
                None => "file".to_owned(),
            };
            vec![TaxDataError::new(entry, error.message().to_owned())]
        })?;
        let mut check = Checker::new(&file.sources);
        let tables = check.build(file);
        if check.errors.is_empty() {
            Ok(tables)
        } else {
            Err(check.errors)
        }
    }
}

/// Collects every problem while building, so an author sees them all at once.
struct Checker {
    errors: Vec<TaxDataError>,
    known_sources: HashSet<String>,
    cited: HashSet<String>,
}

impl Checker {
    fn new(sources: &[SourceFile]) -> Self {
        Self {
            errors: Vec::new(),
            known_sources: sources.iter().map(|s| s.id.clone()).collect(),
            cited: HashSet::new(),
        }
    }

    fn error(&mut self, entry: impl Into<String>, problem: impl Into<String>) {
        self.errors.push(TaxDataError::new(entry, problem));
    }

    fn source(&mut self, entry: &str, id: &str) -> String {
        if !self.known_sources.contains(id) {
            self.error(
                entry,
                format!("cites unknown source `{id}`: add it under [[sources]]"),
            );
        }
        self.cited.insert(id.to_owned());
        id.to_owned()
    }

    fn rate(&mut self, entry: &str, fraction: f64) -> Rate {
        Rate::from_fraction(fraction).unwrap_or_else(|| {
            self.error(
                entry,
                format!(
                    "rate {fraction} must be a fraction between 0 and 1 with at most six decimals (6.2% is 0.062)"
                ),
            );
            Rate::default()
        })
    }

    fn schedule(&mut self, entry: &str, pairs: &[(u64, f64)]) -> Schedule {
        if pairs.is_empty() {
            self.error(entry, "needs at least one bracket, `[0, rate]`");
        }
        if pairs.first().is_some_and(|(from, _)| *from != 0) {
            self.error(entry, "the first bracket must start at 0");
        }
        if pairs.windows(2).any(|w| w[0].0 >= w[1].0) {
            self.error(entry, "brackets must start at strictly ascending incomes");
        }
        Schedule(
            pairs
                .iter()
                .enumerate()
                .map(|(i, (from, rate))| Bracket {
                    from: *from,
                    rate: self.rate(&format!("{entry}[{i}]"), *rate),
                })
                .collect(),
        )
    }

    fn amount(&mut self, entry: &str, amount: AmountFile<u64>) -> Tiers<u64> {
        match amount {
            AmountFile::Flat(value) => Tiers::flat(value),
            AmountFile::Tiers(tiers) => {
                self.tiers_ascending(entry, &tiers);
                Tiers(tiers)
            }
        }
    }

    fn shares(&mut self, entry: &str, amount: AmountFile<f64>) -> Tiers<Rate> {
        let tiers = match amount {
            AmountFile::Flat(value) => vec![(0, value)],
            AmountFile::Tiers(tiers) => tiers,
        };
        self.tiers_ascending(entry, &tiers);
        Tiers(
            tiers
                .into_iter()
                .enumerate()
                .map(|(i, (over, share))| (over, self.rate(&format!("{entry}[{i}]"), share)))
                .collect(),
        )
    }

    fn tiers_ascending<T>(&mut self, entry: &str, tiers: &[(u64, T)]) {
        if tiers.first().is_none_or(|(over, _)| *over != 0) {
            self.error(entry, "tiers must start with `[0, amount]`");
        }
        if tiers.windows(2).any(|w| w[0].0 >= w[1].0) {
            self.error(entry, "tiers must be in strictly ascending order of income");
        }
    }

    fn phase_outs(&mut self, entry: &str, files: Vec<PhaseOutFile>) -> Vec<PhaseOut> {
        files
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let entry = format!("{entry}[{i}]");
                let taper = match (p.rate, p.width) {
                    (Some(rate), None) => Taper::Rate(self.rate(&entry, rate)),
                    (None, Some(width)) if width > 0 => Taper::Width(width),
                    _ => {
                        self.error(&entry, "give either `rate` or a `width` above 0");
                        Taper::Width(1)
                    }
                };
                if p.step == 0 {
                    self.error(&entry, "step must be at least 1");
                }
                PhaseOut {
                    start: p.start,
                    taper,
                    step: p.step.max(1),
                    floor: p.floor,
                }
            })
            .collect()
    }

    fn build(&mut self, file: TaxFile) -> TaxTables {
        let mut ids = HashSet::new();
        for (i, source) in file.sources.iter().enumerate() {
            let entry = format!("sources[{i}] ({})", source.id);
            if !ids.insert(source.id.as_str()) {
                self.error(&entry, "duplicate id");
            }
            if !source.url.starts_with("https://") && !source.url.starts_with("http://") {
                self.error(&entry, "url must be the agency page's full address");
            }
            for (field, value) in [
                ("agency", &source.agency),
                ("title", &source.title),
                ("published", &source.published),
                ("read", &source.read),
            ] {
                if value.trim().is_empty() {
                    self.error(&entry, format!("`{field}` is empty"));
                }
            }
        }

        let federal = Federal {
            source: self.source("federal", &file.federal.source),
            filing: ByFiling {
                single: self.federal_filing("federal.single", file.federal.single),
                joint: self.federal_filing("federal.joint", file.federal.joint),
            },
        };
        let social_security = SocialSecurity {
            source: self.source("social_security", &file.social_security.source),
            rate: self.rate("social_security.rate", file.social_security.rate),
            wage_base: file.social_security.wage_base,
        };
        let medicare = Medicare {
            source: self.source("medicare", &file.medicare.source),
            rate: self.rate("medicare.rate", file.medicare.rate),
            additional_source: self.source("medicare", &file.medicare.additional_source),
            additional_rate: self.rate("medicare.additional_rate", file.medicare.additional_rate),
            additional_threshold: ByFiling {
                single: file.medicare.additional_threshold.single,
                joint: file.medicare.additional_threshold.joint,
            },
        };

        let mut states = BTreeMap::new();
        for (i, state) in file.states.into_iter().enumerate() {
            let entry = format!("states[{i}] ({})", state.code);
            if !STATE_CODES.contains(&state.code.as_str()) {
                self.error(&entry, "not a state's postal code (or DC)");
            }
            let source = self.source(&entry, &state.source);
            let filing = match (state.single, state.joint) {
                (Some(single), Some(joint)) => Some(ByFiling {
                    single: self.state_filing(&format!("{entry}.single"), single),
                    joint: self.state_filing(&format!("{entry}.joint"), joint),
                }),
                (None, None) => None,
                _ => {
                    self.error(
                        &entry,
                        "give both `single` and `joint`, or neither for a state that taxes no wages",
                    );
                    None
                }
            };
            let code = state.code.clone();
            if states
                .insert(
                    code,
                    State {
                        code: state.code,
                        name: state.name,
                        source,
                        income_tax: filing,
                    },
                )
                .is_some()
            {
                self.error(&entry, "this state appears twice");
            }
        }
        for code in STATE_CODES {
            if !states.contains_key(code) {
                self.error(
                    "states",
                    format!("{code} is missing: every state and DC needs an entry"),
                );
            }
        }

        let mut payroll = Vec::new();
        let mut line_ids: HashSet<String> = [
            "federal-income-tax",
            "social-security",
            "medicare",
            "additional-medicare-tax",
            "state-income-tax",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        for (i, item) in file.payroll.into_iter().enumerate() {
            let entry = format!("payroll[{i}] ({})", item.id);
            if !states.contains_key(&item.state) {
                self.error(
                    &entry,
                    format!("state `{}` is not in [[states]]", item.state),
                );
            }
            if !line_ids.insert(item.id.clone()) {
                self.error(&entry, "duplicate id");
            }
            payroll.push(Payroll {
                rate: self.rate(&format!("{entry}.rate"), item.rate),
                share: match item.share {
                    Some(share) => self.rate(&format!("{entry}.share"), share),
                    None => Rate::ONE,
                },
                source: self.source(&entry, &item.source),
                id: item.id,
                state: item.state,
                label: item.label,
                wage_base: item.wage_base,
                cap: item.cap,
            });
        }

        let mut locals = Vec::new();
        for (i, item) in file.locals.into_iter().enumerate() {
            let entry = format!("locals[{i}] ({})", item.id);
            match states.get(&item.state) {
                None => self.error(&entry, format!("state `{}` is not in [[states]]", item.state)),
                Some(state) if state.income_tax.is_none() && item.base != LocalBase::Wages => self
                    .error(
                        &entry,
                        "a state without income tax has no state tax or taxable income to base this on",
                    ),
                Some(_) => {}
            }
            if !line_ids.insert(item.id.clone()) {
                self.error(&entry, "duplicate id");
            }
            let schedule = match (item.rate, item.brackets) {
                (Some(rate), None) => {
                    let rate = self.rate(&format!("{entry}.rate"), rate);
                    let flat = Schedule(vec![Bracket { from: 0, rate }]);
                    ByFiling {
                        single: flat.clone(),
                        joint: flat,
                    }
                }
                (None, Some(brackets)) => ByFiling {
                    single: self.schedule(&format!("{entry}.brackets.single"), &brackets.single),
                    joint: self.schedule(&format!("{entry}.brackets.joint"), &brackets.joint),
                },
                _ => {
                    self.error(&entry, "give either `rate` or `brackets`");
                    ByFiling {
                        single: Schedule(Vec::new()),
                        joint: Schedule(Vec::new()),
                    }
                }
            };
            locals.push(Local {
                source: self.source(&entry, &item.source),
                id: item.id,
                name: item.name,
                state: item.state,
                label: item.label,
                base: item.base,
                schedule,
                wage_base: item.wage_base,
                exemption: item.exemption.map_or(
                    ByFiling {
                        single: 0,
                        joint: 0,
                    },
                    |e| ByFiling {
                        single: e.single,
                        joint: e.joint,
                    },
                ),
            });
        }

        for id in &self.known_sources.clone() {
            if !self.cited.contains(id) {
                self.error(
                    format!("sources ({id})"),
                    "no figure cites this source: remove it or cite it",
                );
            }
        }

        // The checks above keep ids unique.
        let source_positions = Positions::of(file.sources.iter().map(|s| s.id.as_str()));
        TaxTables {
            tax_year: file.tax_year,
            updated: file.updated,
            notes: file.notes,
            source_positions,
            sources: file
                .sources
                .into_iter()
                .map(|s| {
                    Arc::new(TaxSource {
                        id: s.id,
                        agency: s.agency,
                        title: s.title,
                        url: s.url,
                        // `read` (what a maintainer read to check the
                        // figures) is checked above and stays in the file.
                        published: s.published,
                    })
                })
                .collect(),
            federal,
            social_security,
            medicare,
            states,
            payroll,
            locals,
        }
    }

    fn federal_filing(&mut self, entry: &str, file: FederalFilingFile) -> (u64, Schedule) {
        (
            file.standard_deduction,
            self.schedule(&format!("{entry}.brackets"), &file.brackets),
        )
    }

    fn state_filing(&mut self, entry: &str, file: StateFilingFile) -> StateFiling {
        let brackets = self.schedule(&format!("{entry}.brackets"), &file.brackets);
        let recapture = file.recapture.map(|r| {
            if r.phase_in == 0 {
                self.error(format!("{entry}.recapture"), "phase_in must be above 0");
            }
            if r.top_rate_above <= r.start {
                self.error(
                    format!("{entry}.recapture"),
                    "top_rate_above must be above start",
                );
            }
            self.tiers_ascending(
                &format!("{entry}.recapture.steps"),
                &r.steps
                    .iter()
                    .map(|(from, ..)| (*from, ()))
                    .collect::<Vec<_>>(),
            );
            let steps = r
                .steps
                .iter()
                .enumerate()
                .map(|(i, &(from, rate, base))| RecaptureStep {
                    from,
                    rate: self.rate(&format!("{entry}.recapture.steps[{i}]"), rate),
                    base,
                })
                .collect::<Vec<RecaptureStep>>();
            for (i, step) in steps.iter().enumerate() {
                if !brackets.0.iter().any(|b| b.rate == step.rate) {
                    self.error(
                        format!("{entry}.recapture.steps[{i}]"),
                        "the worksheet's rate must be one of the brackets' rates",
                    );
                }
            }
            Recapture {
                start: r.start,
                phase_in: r.phase_in.max(1),
                top_rate_above: r.top_rate_above,
                steps,
            }
        });
        let charges = file
            .charges
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                if c.step == 0 {
                    self.error(format!("{entry}.charges[{i}]"), "step must be at least 1");
                }
                StepCharge {
                    start: c.start,
                    step: c.step.max(1),
                    amount: c.amount,
                    max: c.max,
                }
            })
            .collect();
        StateFiling {
            brackets,
            zero_at_or_below: file.zero_at_or_below,
            charges,
            standard_deduction: self.amount(
                &format!("{entry}.standard_deduction"),
                file.standard_deduction,
            ),
            standard_deduction_phase_out: self.phase_outs(
                &format!("{entry}.standard_deduction_phase_out"),
                file.standard_deduction_phase_out,
            ),
            exemption: self.amount(&format!("{entry}.exemption"), file.exemption),
            exemption_phase_out: self.phase_outs(
                &format!("{entry}.exemption_phase_out"),
                file.exemption_phase_out,
            ),
            credit: self.amount(&format!("{entry}.credit"), file.credit),
            credit_phase_out: self
                .phase_outs(&format!("{entry}.credit_phase_out"), file.credit_phase_out),
            credit_share: file
                .credit_share
                .map(|share| self.shares(&format!("{entry}.credit_share"), share)),
            federal_tax_deduction: file.federal_tax_deduction.map(|d| FederalTaxDeduction {
                share: self.shares(&format!("{entry}.federal_tax_deduction.share"), d.share),
                cap: d
                    .cap
                    .map(|cap| self.amount(&format!("{entry}.federal_tax_deduction.cap"), cap)),
            }),
            whole_dollar_bracket_starts: file.whole_dollar_bracket_starts,
            recapture,
            payroll_tax_deduction_cap: file.payroll_tax_deduction_cap,
            itemized_payroll_taxes: file.itemized_payroll_taxes,
        }
    }
}
