//! The arithmetic every tax shares: rates held exactly, graduated brackets,
//! amounts that step down with income, and the one rounding to dollars.
//!
//! Amounts inside a calculation are millionths of a dollar ([`Micros`]), so a
//! rate of 3.876% times a wage is exact; each tax line is rounded once, half
//! away from zero, to whole dollars ([`to_dollars`]). Agencies' own tables
//! round the same way or to the cent, so a line can differ from a form's by
//! at most a dollar.

/// Millionths of a dollar: `Micros(1_000_000)` is $1.
pub type Micros = i128;

/// Millionths in a dollar.
pub const MICROS_PER_DOLLAR: i128 = 1_000_000;

/// A rate held exactly, in millionths (`Rate(62_000)` is 6.2%), so no rate in
/// the data file (the finest is 0.0001%) is rounded on its way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Rate(pub u32);

impl Rate {
    /// One hundred percent.
    pub const ONE: Rate = Rate(1_000_000);

    /// The rate from the data file's fraction (`0.062`), if it is between 0
    /// and 1 and has no more than six decimal places.
    pub fn from_fraction(fraction: f64) -> Option<Rate> {
        if !(0.0..=1.0).contains(&fraction) {
            return None;
        }
        let millionths = (fraction * 1e6).round();
        // Six decimals survive the float the TOML parser made; a seventh
        // would be lost here, so it is refused rather than rounded.
        ((fraction * 1e6 - millionths).abs() < 1e-6).then_some(Rate(millionths as u32))
    }

    /// This rate of a whole-dollar amount, exactly.
    pub fn of_dollars(self, dollars: u64) -> Micros {
        i128::from(dollars) * i128::from(self.0)
    }

    /// This rate of an amount in millionths, truncated to the millionth.
    pub fn of_micros(self, micros: Micros) -> Micros {
        micros * i128::from(self.0) / MICROS_PER_DOLLAR
    }

    /// The rate as a fraction, for display and JSON.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 1e6
    }
}

/// Rounds millionths to whole dollars, half away from zero: the one rounding
/// of a tax line.
pub fn to_dollars(micros: Micros) -> i64 {
    let half = MICROS_PER_DOLLAR / 2;
    let dollars = if micros >= 0 {
        (micros + half) / MICROS_PER_DOLLAR
    } else {
        (micros - half) / MICROS_PER_DOLLAR
    };
    i64::try_from(dollars).unwrap_or(if micros >= 0 { i64::MAX } else { i64::MIN })
}

/// Whole dollars as millionths.
pub fn micros(dollars: u64) -> Micros {
    i128::from(dollars) * MICROS_PER_DOLLAR
}

/// One bracket: `rate` applies to the part of income above `from`, up to the
/// next bracket's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    /// Where the bracket starts, in dollars of taxable income.
    pub from: u64,
    /// The rate on income inside it.
    pub rate: Rate,
}

/// A graduated schedule: brackets in ascending order, the first from zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule(pub Vec<Bracket>);

impl Schedule {
    /// Tax on `income` (millionths), exact to the millionth.
    pub fn tax(&self, income: Micros) -> Micros {
        self.0
            .iter()
            .enumerate()
            .map(|(i, bracket)| {
                let to = self
                    .0
                    .get(i + 1)
                    .map_or(Micros::MAX, |next| micros(next.from));
                let inside = (income.min(to) - micros(bracket.from)).max(0);
                bracket.rate.of_micros(inside)
            })
            .sum()
    }

    /// Tax on `income` (millionths) as a rate schedule printed in whole
    /// dollars reads: the tax at the start of `income`'s bracket, rounded to
    /// the dollar, plus the bracket's rate on the excess. New York's tables
    /// (Tax Law § 601) are printed so ("$686 plus 4.5% of excess over
    /// $17,150"), each dollar figure being the exact tax at that start
    /// rounded, not a sum of the rounded figures before it: the 2021 joint
    /// table prints $19,403 at $323,200, where the exact tax is $19,402.78
    /// and a running sum of its rounded figures gives $19,402.
    pub fn tax_from_whole_dollar_starts(&self, income: Micros) -> Micros {
        let Some(bracket) = self.0.get(self.bracket_of(income)) else {
            return 0;
        };
        let start = micros(bracket.from);
        let at_start = i128::from(to_dollars(self.tax(start))) * MICROS_PER_DOLLAR;
        at_start + bracket.rate.of_micros((income - start).max(0))
    }

    /// The bracket `income` falls in (its index): the last whose start it
    /// passes.
    pub fn bracket_of(&self, income: Micros) -> usize {
        self.0
            .iter()
            .rposition(|bracket| income > micros(bracket.from))
            .unwrap_or(0)
    }

    /// The rate on the next dollar of `income`.
    pub fn marginal(&self, income: Micros) -> Rate {
        self.0
            .get(self.bracket_of(income))
            .map_or(Rate::default(), |bracket| bracket.rate)
    }
}

/// An amount that changes with income in steps: the value of the last tier
/// whose `over` income is exceeded (the first tier, from zero, otherwise).
/// Ohio's exemption ($2,400 up to $40,000 of income, less above) is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiers<T>(pub Vec<(u64, T)>);

impl<T: Copy + Default> Tiers<T> {
    /// A single value whatever the income.
    pub fn flat(value: T) -> Self {
        Tiers(vec![(0, value)])
    }

    /// The value at `income`.
    pub fn at(&self, income: u64) -> T {
        self.0
            .iter()
            .rev()
            .find(|(over, _)| income > *over || *over == 0)
            .map_or_else(T::default, |(_, value)| *value)
    }
}

/// How fast a phased-out amount shrinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taper {
    /// This share of each counted dollar over the start comes off (Wisconsin
    /// takes 12% of income over its start off the standard deduction).
    Rate(Rate),
    /// The amount is gone after this many dollars over the start, in
    /// proportion on the way (Maine's deductions, over $75,000).
    Width(u64),
}

/// A phase-out: above `start`, an amount shrinks with the income over it,
/// counted in whole `step`s with any part of a step counting as a whole one
/// (as California's "each $2,500 or fraction thereof"), never below `floor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseOut {
    /// Income above which the amount starts to shrink.
    pub start: u64,
    /// How fast it shrinks.
    pub taper: Taper,
    /// Size of a step of income, in dollars (1 for a smooth phase-out).
    pub step: u64,
    /// The least the amount falls to.
    pub floor: u64,
}

impl PhaseOut {
    /// How much of `amount` (millionths) this phase-out takes at `income`.
    pub fn reduction(&self, amount: Micros, income: u64) -> Micros {
        let over = income.saturating_sub(self.start);
        if over == 0 {
            return 0;
        }
        let step = self.step.max(1);
        let counted = over.div_ceil(step).saturating_mul(step);
        match self.taper {
            Taper::Rate(rate) => rate.of_dollars(counted),
            Taper::Width(width) => amount * i128::from(counted) / i128::from(width.max(1)),
        }
    }

    /// `amount` (millionths) after these phase-outs at `income`: each takes
    /// its share of the full amount, and the result stays at or above the
    /// highest floor (Minnesota's deduction shrinks at two speeds, never
    /// below a fifth of itself).
    pub fn apply_all(phase_outs: &[PhaseOut], amount: Micros, income: u64) -> Micros {
        if phase_outs.is_empty() {
            return amount;
        }
        let taken: Micros = phase_outs.iter().map(|p| p.reduction(amount, income)).sum();
        let floor = phase_outs
            .iter()
            .map(|p| micros(p.floor))
            .max()
            .unwrap_or(0);
        (amount - taken).max(floor.min(amount)).max(0)
    }
}

/// A fixed charge that grows by `amount` for each `step` (or part of one) of
/// income over `start`, up to `max`: Connecticut's phase-out add-back and
/// recaptures are three of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepCharge {
    /// Income above which the charge starts.
    pub start: u64,
    /// Size of a step of income.
    pub step: u64,
    /// Dollars added per step.
    pub amount: u64,
    /// The most it adds.
    pub max: u64,
}

impl StepCharge {
    /// The charge at `income`, in millionths.
    pub fn at(&self, income: u64) -> Micros {
        let over = income.saturating_sub(self.start);
        let steps = over.div_ceil(self.step.max(1));
        micros(steps.saturating_mul(self.amount).min(self.max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_keeps_six_decimals_and_refuses_a_seventh() {
        assert_eq!(Rate::from_fraction(0.03876), Some(Rate(38_760)));
        assert_eq!(Rate::from_fraction(0.000001), Some(Rate(1)));
        assert_eq!(Rate::from_fraction(0.0000001), None);
        assert_eq!(Rate::from_fraction(1.5), None);
        assert_eq!(Rate::from_fraction(-0.1), None);
    }

    #[test]
    fn rounding_to_dollars_takes_half_away_from_zero() {
        assert_eq!(to_dollars(1_499_999), 1);
        assert_eq!(to_dollars(1_500_000), 2);
        assert_eq!(to_dollars(-1_500_000), -2);
        assert_eq!(to_dollars(0), 0);
    }

    #[test]
    fn whole_dollar_starts_reproduce_new_yorks_printed_2021_joint_table() {
        // Tax Law § 601(a) for 2021, married filing jointly: the dollar
        // figure printed beside each bracket's start.
        let brackets = [
            (0, 40_000),
            (17_150, 45_000),
            (23_600, 52_500),
            (27_900, 59_000),
            (43_000, 59_700),
            (161_550, 63_300),
            (323_200, 68_500),
            (2_155_350, 96_500),
            (5_000_000, 103_000),
            (25_000_000, 109_000),
        ];
        let schedule = Schedule(
            brackets
                .iter()
                .map(|&(from, rate)| Bracket {
                    from,
                    rate: Rate(rate),
                })
                .collect(),
        );
        let printed = [
            (17_150, 686),
            (23_600, 976),
            (27_900, 1_202),
            (43_000, 2_093),
            (161_550, 9_170),
            (323_200, 19_403),
            (2_155_350, 144_905),
            (5_000_000, 419_414),
            (25_000_000, 2_479_414),
        ];
        for (start, dollars) in printed {
            // One dollar into the bracket: its printed figure plus the rate.
            let rate = schedule.marginal(micros(start + 1));
            assert_eq!(
                schedule.tax_from_whole_dollar_starts(micros(start + 1)),
                micros(dollars) + rate.of_dollars(1),
                "at {start}"
            );
        }
        // $19,402.78 exactly at $323,200, printed $19,403.
        assert_eq!(schedule.tax(micros(323_200)), 19_402_780_000);
    }

    #[test]
    fn a_schedule_taxes_each_slice_at_its_own_rate() {
        let schedule = Schedule(vec![
            Bracket {
                from: 0,
                rate: Rate(100_000),
            },
            Bracket {
                from: 10_000,
                rate: Rate(200_000),
            },
        ]);
        assert_eq!(schedule.tax(0), 0);
        assert_eq!(schedule.tax(micros(10_000)), micros(1_000));
        assert_eq!(schedule.tax(micros(15_000)), micros(2_000));
        assert_eq!(schedule.marginal(micros(10_000)), Rate(100_000));
        assert_eq!(schedule.marginal(micros(10_001)), Rate(200_000));
    }

    #[test]
    fn tiers_change_value_only_above_their_threshold() {
        let tiers = Tiers(vec![(0, 2_400_u64), (40_000, 2_150), (80_000, 1_900)]);
        assert_eq!(tiers.at(0), 2_400);
        assert_eq!(tiers.at(40_000), 2_400);
        assert_eq!(tiers.at(40_001), 2_150);
        assert_eq!(tiers.at(1_000_000), 1_900);
    }

    #[test]
    fn a_phase_out_counts_a_part_step_as_a_whole_one_and_stops_at_its_floor() {
        // California's exemption credit: $6 less for each $2,500 or part over the start.
        let phase_out = [PhaseOut {
            start: 100_000,
            taper: Taper::Rate(Rate(2_400)),
            step: 2_500,
            floor: 0,
        }];
        let apply = |amount, income| PhaseOut::apply_all(&phase_out, micros(amount), income);
        assert_eq!(apply(153, 100_000), micros(153));
        assert_eq!(apply(153, 100_001), micros(147));
        assert_eq!(apply(153, 105_000), micros(141));
        assert_eq!(apply(153, 1_000_000), 0);
        let floored = [PhaseOut {
            start: 0,
            taper: Taper::Rate(Rate::ONE),
            step: 1,
            floor: 500,
        }];
        assert_eq!(
            PhaseOut::apply_all(&floored, micros(3_000), 10_000),
            micros(500)
        );
    }

    #[test]
    fn a_phase_out_by_width_takes_the_amount_in_proportion() {
        // Maine: the deduction is gone $75,000 over the start.
        let maine = [PhaseOut {
            start: 100_000,
            taper: Taper::Width(75_000),
            step: 1,
            floor: 0,
        }];
        assert_eq!(
            PhaseOut::apply_all(&maine, micros(15_000), 137_500),
            micros(7_500)
        );
        assert_eq!(PhaseOut::apply_all(&maine, micros(15_000), 500_000), 0);
    }

    #[test]
    fn a_step_charge_counts_part_steps_and_stops_at_its_most() {
        let charge = StepCharge {
            start: 56_500,
            step: 5_000,
            amount: 25,
            max: 250,
        };
        assert_eq!(charge.at(56_500), 0);
        assert_eq!(charge.at(56_501), micros(25));
        assert_eq!(charge.at(66_500), micros(50));
        assert_eq!(charge.at(1_000_000), micros(250));
    }
}
