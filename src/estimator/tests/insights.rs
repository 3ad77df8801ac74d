//! Tests of what the estimate adds to the band: what-if ideas, total pay,
//! freelance rates, the survey and official checks, offers, the projection,
//! confidence and the cited sources.

use super::*;

#[test]
fn what_if_ranks_real_gains_best_first_with_guide_links() {
    let model = model();
    let mut input = default_profile(4.0);
    input.choices.skills = vec!["aws".into()];
    let estimate = estimate(&model, &input).unwrap();
    let ideas = &estimate.what_if;
    assert!(ideas.len() >= 3 && ideas.len() <= 5, "{ideas:?}");
    assert!(ideas.windows(2).all(|w| w[0].delta >= w[1].delta));
    assert!(
        ideas
            .iter()
            .all(|i| i.delta > 0 && i.guide.starts_with("/guides/"))
    );
    // Suggestions never repeat what the person already has.
    assert!(
        !ideas
            .iter()
            .any(|i| i.factor == "skills" && i.value == "aws")
    );
    // Each delta is exactly what making that change does to the median.
    for idea in ideas {
        let mut changed = estimate.input.clone();
        match idea.factor {
            "experience" => changed.years = idea.value.parse().unwrap(),
            "skills" => changed.choices.skills.push(idea.value.clone()),
            "certifications" => changed.choices.certifications.push(idea.value.clone()),
            "location" => changed.choices.location = Some(idea.value.clone()),
            "industry" => changed.choices.industry = Some(idea.value.clone()),
            "company_size" => changed.choices.company_size = Some(idea.value.clone()),
            "language" => changed.choices.language = Some(idea.value.clone()),
            "work_arrangement" => changed.choices.work_arrangement = Some(idea.value.clone()),
            other => panic!("unexpected factor {other}"),
        }
        let after = super::estimate(&model, &changed).unwrap().base.median;
        assert_eq!(after - estimate.base.median, idea.delta, "{}", idea.change);
    }
}

#[test]
fn what_if_still_offers_three_ideas_when_little_would_help() {
    let model = model();
    let mut input = default_profile(50.0);
    input.choices.location = Some("san-jose".into());
    input.choices.industry = Some("aerospace-defense".into());
    input.choices.company_size = Some("enterprise".into());
    input.choices.skills = model
        .factor(FactorKind::Skills)
        .values
        .iter()
        .map(|v| v.id.clone())
        .collect();
    let estimate = estimate(&model, &input).unwrap();
    assert!(estimate.what_if.len() >= 3);
}

#[test]
fn startup_equity_starts_at_zero_and_is_never_cash() {
    let model = model();
    let mut input = default_profile(5.0);
    input.choices.company_size = Some("startup".into());
    let estimate = estimate(&model, &input).unwrap();
    let total = &estimate.total_comp;
    assert_eq!(total.equity.low, 0);
    assert!(total.equity.high > 0);
    assert!(!total.equity_counted_as_cash);
    assert_eq!(total.low, estimate.base.median + total.bonus.low);
    assert_eq!(total.high, estimate.base.median + total.bonus.high);

    input.choices.company_size = Some("enterprise".into());
    let big = super::estimate(&model, &input).unwrap();
    assert!(big.total_comp.equity_counted_as_cash);
    assert!(big.total_comp.high > big.base.median + big.total_comp.bonus.high);
}

#[test]
fn a_freelance_rate_is_the_break_even_arithmetic_even_above_published_rates() {
    let model = model();
    for years in [0.0, 3.0, 10.0, 25.0, 50.0] {
        let mut input = default_profile(years);
        input.employment = Employment::Freelance;
        input.choices.location = Some("san-jose".into());
        let rate = estimate(&model, &input).unwrap().hourly;
        assert_eq!(rate.basis, "freelance");
        assert!(rate.low <= rate.high);
        let last = rate.steps.last().expect("steps");
        assert_eq!(last.step, "rate");
        assert_eq!((rate.low, rate.high), (last.low, last.high));
    }
    // Issue 22: fifteen years in San Jose at a very large employer came out as
    // "$150 to $150" while its own steps gave far more.
    let mut input = default_profile(15.0);
    input.employment = Employment::Freelance;
    input.choices.location = Some("san-jose".into());
    input.choices.company_size = Some("enterprise".into());
    let rate = estimate(&model, &input).unwrap().hourly;
    assert!(rate.low > model.hourly.max_rate, "{rate:?}");
    assert!(rate.high > rate.low);
    let salaried = estimate(&model, &default_profile(4.0)).unwrap();
    assert_eq!(salaried.hourly.basis, "salaried_equivalent");
    let per_hour = (salaried.base.p25 as f64 / model.hourly.hours_per_year).round() as i64;
    assert_eq!(salaried.hourly.low, per_hour);
}

#[test]
fn a_salaried_hourly_rate_cites_only_the_hours_it_divides_by() {
    let model = model();
    let salaried = estimate(&model, &default_profile(4.0)).unwrap().hourly;
    assert_eq!(salaried.sources, ["oflc-2025"]);
    let mut input = default_profile(4.0);
    input.employment = Employment::Freelance;
    let freelance = estimate(&model, &input).unwrap().hourly;
    for context in ["freelance-rates-upwork", "article-2025", "oflc-2025"] {
        assert!(freelance.sources.iter().any(|s| s == context), "{context}");
    }
}

#[test]
fn freelance_rates_cover_the_costs_an_employee_does_not_carry() {
    let model = model();
    let mut input = default_profile(6.0);
    let salaried = estimate(&model, &input).unwrap();
    input.employment = Employment::Freelance;
    let freelance = estimate(&model, &input).unwrap();
    let rate = &freelance.hourly;
    let step = |id: &str| {
        rate.steps
            .iter()
            .find(|s| s.step == id)
            .unwrap_or_else(|| panic!("no step {id}"))
    };
    // The salary the steps start from is the band, unchanged.
    assert_eq!(step("salary").low, freelance.base.p25);
    assert_eq!(step("salary").high, freelance.base.p75);
    // Costs add up to what a year must bring in (within rounding of each step).
    for (pick, end) in [(0, "low"), (1, "high")] {
        let at = |id: &str| {
            if pick == 0 {
                step(id).low
            } else {
                step(id).high
            }
        };
        let sum = at("salary") + at("self_employment_tax") + at("benefits");
        assert!(
            (sum - at("yearly_cost")).abs() <= 2,
            "{end}: {sum} vs {}",
            at("yearly_cost")
        );
        let hours = at("full_time_hours") + at("unpaid_time_off") + at("unbilled_time");
        assert!((hours - at("billable_hours")).abs() <= 2, "{end}: hours");
        assert!(at("self_employment_tax") > 0 && at("benefits") > 0);
        assert!(at("unpaid_time_off") < 0 && at("unbilled_time") < 0);
    }
    // Every cost step names its sources, and those sources are in the estimate.
    for id in [
        "self_employment_tax",
        "benefits",
        "unpaid_time_off",
        "unbilled_time",
    ] {
        assert!(!step(id).sources.is_empty(), "{id} has no source");
        for source in &step(id).sources {
            assert!(
                freelance.sources.iter().any(|s| &s.id == source),
                "{source}"
            );
        }
    }
    // Billing the salary over a standard year would underpay: the rate is above it.
    assert!(rate.low > salaried.hourly.low && rate.high > salaried.hourly.high);
    assert_eq!(rate.steps.last().unwrap().low, rate.low);
    assert_eq!(rate.steps.last().unwrap().high, rate.high);
    // The salaried equivalent is still pay over the hours of a full-time year.
    assert_eq!(salaried.hourly.steps.len(), 3);
    assert_eq!(salaried.hourly.steps[2].step, "rate");
}

#[test]
fn survey_check_sits_beside_the_official_one() {
    let model = model();
    let survey = estimate(&model, &default_profile(4.0))
        .unwrap()
        .cross_check
        .survey;
    assert_eq!(survey.median, 175_000);
    assert_eq!(survey.respondents, 687);
    assert_eq!(survey.measures, "total_pay");
    assert_eq!(survey.position, "below");
    assert!(survey.note.contains("base salary only"), "{}", survey.note);
    let mut rich = default_profile(15.0);
    rich.choices.location = Some("san-jose".into());
    assert_eq!(
        estimate(&model, &rich).unwrap().cross_check.survey.position,
        "above"
    );
}

#[test]
fn offers_are_placed_in_the_band_with_advice_for_where_they_sit() {
    let model = model();
    let band = estimate(&model, &default_profile(4.0)).unwrap().base;
    let check = |base: i64| {
        let mut input = default_profile(4.0);
        input.offer = Some(Offer {
            base,
            ..Offer::default()
        });
        estimate(&model, &input).unwrap().offer.unwrap()
    };
    let money = crate::money::usd;

    // Below the middle half: a counter toward the market, the range quoted.
    let low = check(band.p10 - 5_000);
    assert_eq!(low.verdict, "below");
    assert_eq!(low.advice.position, "below_market");
    assert!(low.percentile < 10);
    let counter = low.advice.counter.expect("a counter below the market");
    assert!(counter as f64 <= (band.p10 - 5_000) as f64 * 1.2 + 1_000.0);
    let script = low.advice.script.join(" ");
    assert!(script.contains(&money(band.p25)) && script.contains(&money(band.p75)));
    assert!(script.contains(&money(counter)), "{script}");
    let met = low.advice.counter_met.expect("what a met counter adds");
    assert_eq!(met.four_year_gain, 4 * (counter - (band.p10 - 5_000)));

    // Inside it: a counter toward the 75th percentile.
    let middle = check(band.median);
    assert_eq!(middle.verdict, "within");
    assert_eq!(middle.advice.position, "within_market");
    assert_eq!(middle.percentile, 50);
    let counter = middle.advice.counter.expect("a counter inside the band");
    assert!(counter >= band.p75.min(band.median * 12 / 10));
    assert_eq!(counter % 1_000, 0);
    assert!(
        middle
            .advice
            .script
            .iter()
            .any(|line| line.contains(&money(counter)))
    );
    assert!(middle.advice.script.iter().all(|line| !line.contains('{')));

    // At or above the 75th percentile: no base counter, no range that
    // undercuts the offer, and what is still worth asking for.
    for base in [band.p75, band.p90 + 10_000] {
        let high = check(base);
        assert_eq!(high.advice.position, "top_of_market");
        assert_eq!(high.advice.counter, None);
        assert_eq!(high.advice.counter_met, None);
        let script = high.advice.script.join(" ");
        for figure in [band.p25, band.median, band.p75] {
            assert!(!script.contains(&money(figure)), "{script}");
        }
        assert!(!script.contains('$'), "{script}");
        let asks: Vec<&str> = high.advice.asks.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(asks, ["signing", "equity", "level", "start_date"]);
    }
    assert_eq!(check(band.p90 + 10_000).verdict, "above");
}

#[test]
fn the_advice_table_marks_the_offers_position_and_its_thresholds() {
    let model = model();
    let mut input = default_profile(4.0);
    let band = estimate(&model, &input).unwrap().base;
    input.offer = Some(Offer {
        base: band.median,
        ..Offer::default()
    });
    let advice = estimate(&model, &input).unwrap().offer.unwrap().advice;
    let ranges: Vec<(Option<i64>, Option<i64>, bool)> = advice
        .positions
        .iter()
        .map(|p| (p.from, p.below, p.current))
        .collect();
    assert_eq!(
        ranges,
        [
            (None, Some(band.p25), false),
            (Some(band.p25), Some(band.p75), true),
            (Some(band.p75), None, false),
        ]
    );
}

#[test]
fn a_position_without_a_counter_may_not_quote_the_market() {
    let broken = BUNDLED.replacen(
        "\"Thank you for the offer. I am excited about the role and the team, and the base salary works for me.\"",
        "\"The market runs from {p25} to {p75}.\"",
        1,
    );
    assert_ne!(broken, BUNDLED);
    let errors = crate::estimator::bundled::parse(&broken).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.entry.contains("top_of_market") && e.problem.contains("{p25}")),
        "{errors:?}"
    );
}

#[test]
fn offer_amounts_are_read_as_people_type_them() {
    let model = model();
    let query = |offer: &str| ProfileQuery {
        years: Some("4".into()),
        offer: Some(offer.into()),
        ..ProfileQuery::default()
    };
    assert_eq!(
        query("$120,000")
            .validate(&model)
            .unwrap()
            .offer
            .unwrap()
            .base,
        120_000
    );
    assert_eq!(
        query("120000.4")
            .validate(&model)
            .unwrap()
            .offer
            .unwrap()
            .base,
        120_000
    );
    for (text, code) in [
        ("lots", "offer_not_a_number"),
        ("-5", "offer_out_of_range"),
        ("0", "offer_out_of_range"),
        ("1e12", "offer_out_of_range"),
        ("inf", "offer_not_a_number"),
    ] {
        let error = query(text).validate(&model).unwrap_err();
        assert_eq!(error.errors[0].error.code(), code, "{text}");
    }
    let bonus_only = ProfileQuery {
        years: Some("4".into()),
        offer_bonus: Some("5000".into()),
        ..ProfileQuery::default()
    };
    assert_eq!(
        bonus_only.validate(&model).unwrap_err().errors[0]
            .error
            .code(),
        "offer_base_missing"
    );
}

#[test]
fn projection_covers_twenty_years_and_never_falls() {
    let model = model();
    let mut input = default_profile(6.0);
    input.choices.location = Some("denver".into());
    let estimate = estimate(&model, &input).unwrap();
    let points = &estimate.projection;
    assert_eq!(points.len(), 21);
    assert_eq!(points[0].years, 0);
    assert_eq!(points[20].years, 20);
    assert!(points.windows(2).all(|w| w[0].median <= w[1].median));
    assert!(points.iter().all(|p| p.p25 < p.median && p.median < p.p75));
    assert_eq!(points[6].median, estimate.base.median);
}

#[test]
fn cross_check_explains_a_band_outside_the_official_one() {
    let model = model();
    let entry = estimate(&model, &default_profile(0.0)).unwrap();
    assert_eq!(entry.cross_check.position, "below");
    assert!(entry.cross_check.note.contains("every level"));
    assert_eq!(entry.cross_check.median, 135_980);
    assert_eq!(entry.cross_check.period, "May 2025");
    let mut rich = default_profile(15.0);
    rich.choices.location = Some("san-jose".into());
    assert_eq!(
        estimate(&model, &rich).unwrap().cross_check.position,
        "above"
    );
    assert_eq!(
        estimate(&model, &default_profile(8.0))
            .unwrap()
            .cross_check
            .position,
        "overlaps"
    );
}

#[test]
fn confidence_follows_evidence_and_distance_from_the_data() {
    let model = model();
    let national = estimate(&model, &default_profile(5.0)).unwrap();
    assert_eq!(national.confidence, "high");
    assert!(national.confidence_notes.is_empty());

    let mut thin = default_profile(5.0);
    thin.choices.language = Some("rust".into());
    thin.choices.certifications = vec!["ckad".into()];
    assert_eq!(estimate(&model, &thin).unwrap().confidence, "low");

    let far = estimate(&model, &default_profile(45.0)).unwrap();
    assert_eq!(far.confidence, "low");
    assert!(
        far.confidence_notes
            .iter()
            .any(|n| n.contains("hold the curve flat"))
    );
    let late = estimate(&model, &default_profile(35.0)).unwrap();
    assert_eq!(late.confidence, "medium");
}

#[test]
fn every_cited_source_is_listed_once() {
    let model = model();
    let mut input = default_profile(4.0);
    input.offer = Some(Offer {
        base: 100_000,
        bonus: 0,
        equity: 0,
        ..Offer::default()
    });
    let estimate = estimate(&model, &input).unwrap();
    let ids: Vec<_> = estimate.sources.iter().map(|s| s.id.as_str()).collect();
    for needed in [
        "oflc-2025",
        "levels-heatmap-2024",
        "cnbc-negotiation-2017",
        "bls-oews-2024",
    ] {
        assert!(ids.contains(&needed), "{needed} missing from {ids:?}");
    }
    let mut sorted = ids.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}

#[test]
fn an_offer_says_what_its_equity_is_and_an_old_link_is_read_as_public_stock() {
    let model = model();
    let query = |kind: Option<&str>, grant: &str| ProfileQuery {
        years: Some("6".into()),
        location: Some("seattle".into()),
        offer: Some("190000".into()),
        offer_grant: Some(grant.into()),
        offer_equity_kind: kind.map(str::to_owned),
        ..ProfileQuery::default()
    };
    let offer = |kind: Option<&str>| {
        let input = query(kind, "200000").validate(&model).unwrap();
        estimate(&model, &input).unwrap().offer.unwrap()
    };
    // The offer A: without the field, the grant counts and the
    // result knows it was a reading.
    let old = offer(None);
    assert_eq!(old.offer.equity_kind, EquityKind::Public);
    assert!(!old.offer.equity_kind_given);
    assert_eq!(old.cash.four_year_total, 4 * 190_000 + 200_000);
    let public = offer(Some("public"));
    assert!(public.offer.equity_kind_given);
    assert_eq!(public.cash.four_year_total, old.cash.four_year_total);
    let private = offer(Some("private"));
    assert_eq!(private.cash.four_year_total, 4 * 190_000);
    assert_eq!(private.cash.four_years.private_equity, 200_000);

    // "None" with a grant is a contradiction, named on the field; so is a
    // kind that does not exist.
    let errors = query(Some("none"), "200000").validate(&model).unwrap_err();
    assert_eq!(errors.errors[0].field, "offer_equity_kind");
    assert_eq!(errors.errors[0].error.code(), "equity_kind_none");
    let errors = query(Some("options"), "200000")
        .validate(&model)
        .unwrap_err();
    assert_eq!(errors.errors[0].error.code(), "unknown_value");
    // A form always sends the kind: alone it makes no offer.
    let empty = ProfileQuery {
        years: Some("6".into()),
        offer_equity_kind: Some("public".into()),
        ..ProfileQuery::default()
    };
    assert_eq!(empty.validate(&model).unwrap().offer, None);
}

/// A software developers row of `wages.tsv` as BLS's figures: P10..P90,
/// employment and the two relative standard errors, read straight from the
/// file rather than through the parser the estimator uses.
fn bls_row(area_code: &str) -> ([i64; 5], i64, f64, f64) {
    const WAGES: &str = include_str!("../../../content/data/oews/wages.tsv");
    let row: Vec<&str> = WAGES
        .lines()
        .find(|l| l.starts_with(&format!("{area_code}\t151252\t")))
        .unwrap()
        .split('\t')
        .collect();
    let p: Vec<i64> = row[6..11].iter().map(|v| v.parse().unwrap()).collect();
    (
        [p[0], p[1], p[2], p[3], p[4]],
        row[2].parse().unwrap(),
        row[3].parse().unwrap(),
        row[5].parse().unwrap(),
    )
}

#[test]
fn the_area_check_gives_bls_own_figures_where_pay_is_set() {
    let model = model();
    let mut boise = default_profile(4.0);
    boise.choices.location = Some("boise-city-id".into());
    let boise = estimate(&model, &boise).unwrap();
    let area = &boise.cross_check.area;
    let (percentiles, jobs, jobs_rse, wage_rse) = bls_row("0014260");
    assert_eq!(area.area, "boise-city-id");
    assert_eq!(area.name, "Boise City, ID");
    assert_eq!(area.figures_of, "area");
    assert_eq!(area.stand_in, "");
    assert_eq!(area.percentiles(), percentiles.map(Some));
    assert_eq!(area.employment, Some(jobs));
    assert_eq!(area.employment_rse, Some(jobs_rse));
    assert_eq!(area.wage_rse, Some(wage_rse));
    assert_eq!(area.period, "May 2025");
    assert!(area.footnotes.is_empty());
    assert_eq!(area.position, "overlaps");
    assert!(
        area.note.contains(&crate::money::usd(percentiles[1]))
            && area.note.contains(&crate::money::usd(boise.base.p75)),
        "{}",
        area.note
    );
    assert!(
        area.precision()
            .starts_with("3,240 jobs (relative standard error 7.6%)")
    );

    // New to the trade in Seattle: below the middle half of every level there.
    let mut entry = default_profile(0.0);
    entry.choices.location = Some("seattle".into());
    let entry = estimate(&model, &entry).unwrap();
    let area = &entry.cross_check.area;
    assert_eq!(area.median, Some(bls_row("0042660").0[2]));
    assert!(entry.base.p75 < area.p25.unwrap());
    assert_eq!(area.position, "below");
    assert!(area.note.contains("at every level"), "{}", area.note);
}

#[test]
fn the_area_check_says_whose_figures_stand_in_where_bls_released_none() {
    let model = model();
    // Elmira, NY: no median released, so New York State's figures.
    let mut elmira = default_profile(4.0);
    elmira.choices.location = Some("elmira-ny".into());
    let area = estimate(&model, &elmira).unwrap().cross_check.area;
    assert_eq!(area.location, "elmira-ny");
    assert_eq!(area.figures_of, "state");
    assert_eq!(area.name, "New York");
    assert_eq!(area.percentiles(), bls_row("3600000").0.map(Some));
    assert_eq!(
        area.stand_in,
        "BLS released no median for software developers in Elmira, NY for May 2025, so these are New York's figures."
    );
    // Alaska: neither the state nor its rest has one, so the nation's.
    let mut alaska = default_profile(4.0);
    alaska.choices.location = Some("alaska".into());
    let area = estimate(&model, &alaska).unwrap().cross_check.area;
    assert_eq!(area.figures_of, "national");
    assert_eq!(area.median, Some(135_980));
    assert!(
        area.stand_in
            .ends_with("so these are the national figures.")
    );
    // Without a location, the nation's own figures, not a stand-in.
    let national = estimate(&model, &default_profile(4.0))
        .unwrap()
        .cross_check
        .area;
    assert_eq!(national.figures_of, "area");
    assert_eq!(national.name, "the United States");
}
