//! Tests of every shortcode kind against the bundled data file.

use super::tables::{places_moved, whole_percent};
use super::*;
use crate::content::markdown::parse_shortcode as parse;
use crate::estimator::living::PricedAs;
use crate::money::usd;

fn model() -> SalaryModel {
    crate::estimator::bundled::model()
}

fn render(model: &SalaryModel, inner: &str) -> Result<String, String> {
    expand(model, &parse(inner).unwrap())
}

#[test]
fn figures_render_in_their_units_with_periods_and_ranges() {
    let model = model();
    let median = render(
        &model,
        "figure id=bls-software-developers-median period=show",
    )
    .unwrap();
    assert!(median.contains(">$135,980 (May 2025)</a>"), "{median}");
    assert!(
        median.contains("href=\"/sources#bls-oews-2025\""),
        "{median}"
    );
    let years = render(&model, "figure id=so-2025-backend-mean-years").unwrap();
    assert!(years.contains(">12.7 years</a>"), "{years}");
    let count = render(&model, "figure id=so-2025-backend-us-respondents").unwrap();
    assert!(count.contains(">687</a>"), "{count}");
    let rates = render(
        &model,
        "figure_range low=freelance-hourly-low high=freelance-hourly-high",
    )
    .unwrap();
    assert!(rates.contains(">$30–$150 an hour</a>"), "{rates}");
    let percent = render(&model, "figure id=ecec-paid-leave-share").unwrap();
    assert!(percent.contains(">7.6%</a>"), "{percent}");
    assert!(
        render(
            &model,
            "figure_range low=freelance-hourly-high high=freelance-hourly-low"
        )
        .is_err()
    );
    assert!(
        render(
            &model,
            "figure_range low=ecec-paid-leave-share high=freelance-hourly-high"
        )
        .is_err()
    );
    assert!(render(&model, "figure id=ecec-paid-leave-share period=yes").is_err());
}

#[test]
fn hourly_rates_and_freelance_steps_come_from_the_calculator() {
    let model = model();
    let input = EstimateInput {
        years: 6.0,
        employment: estimator::Employment::Freelance,
        ..EstimateInput::default()
    };
    let rate = estimator::estimate(&model, &input).unwrap().hourly;
    let text = render(&model, "hourly years=6 employment=freelance").unwrap();
    assert!(
        text.contains(&format!("{}–{} an hour", usd(rate.low), usd(rate.high))),
        "{text}"
    );
    assert!(text.contains("employment=freelance"), "{text}");
    let table = render(&model, "freelance_steps years=6").unwrap();
    assert!(
        table.contains("/sources#irs-self-employment-tax"),
        "{table}"
    );
    assert!(
        table.contains(&format!("{} an hour", usd(rate.high))),
        "{table}"
    );
    assert!(render(&model, "hourly years=6 employment=contract").is_err());
}

#[test]
fn total_pay_prints_each_part_of_the_estimate_as_a_range() {
    let model = model();
    let input = EstimateInput {
        years: 8.0,
        choices: Choices {
            company_size: Some("enterprise".to_owned()),
            ..Choices::default()
        },
        ..EstimateInput::default()
    };
    let pay = estimator::estimate(&model, &input).unwrap().total_comp;
    for (part, low, high) in [
        ("total", pay.low, pay.high),
        ("bonus", pay.bonus.low, pay.bonus.high),
        ("equity", pay.equity.low, pay.equity.high),
    ] {
        let source = format!("total_pay years=8 company_size=enterprise part={part}");
        let html = expand(&model, &parse(&source).unwrap()).unwrap();
        assert!(
            html.contains(&format!("{}–{}", usd(low), usd(high))),
            "{part}: {html}"
        );
        assert!(html.contains("company_size=enterprise"), "{html}");
    }
    let bad = parse("total_pay years=8 part=stock").unwrap();
    assert!(expand(&model, &bad).unwrap_err().contains("unknown part"));
}

#[test]
fn freelance_step_prints_one_line_of_the_freelance_arithmetic() {
    let model = model();
    let input = EstimateInput {
        years: 6.0,
        employment: estimator::Employment::Freelance,
        ..EstimateInput::default()
    };
    let hourly = estimator::estimate(&model, &input).unwrap().hourly;
    let step = |id: &str| hourly.steps.iter().find(|s| s.step == id).unwrap();
    let tax = render(&model, "freelance_step years=6 step=self_employment_tax").unwrap();
    let tax_step = step("self_employment_tax");
    assert!(
        tax.contains(&format!(
            ">{}–{} a year</a>",
            usd(tax_step.low),
            usd(tax_step.high)
        )),
        "{tax}"
    );
    assert!(tax.contains("employment=freelance"), "{tax}");
    // Billable hours are the same at both ends: said once.
    let hours = render(&model, "freelance_step years=6 step=billable_hours").unwrap();
    assert!(
        hours.contains(&format!(
            ">{}</a>",
            crate::money::hours(step("billable_hours").low)
        )),
        "{hours}"
    );
    let rate = render(&model, "freelance_step years=6 step=rate").unwrap();
    assert!(rate.contains(" an hour</a>"), "{rate}");
    let unknown = render(&model, "freelance_step years=6 step=coffee").unwrap_err();
    assert!(unknown.contains("billable_hours"), "{unknown}");
}

/// The location ids a table of `html` links to, row by row.
fn row_locations(html: &str) -> Vec<String> {
    html.split("<tr><th scope=\"row\"><a href=\"")
        .skip(1)
        .map(|row| {
            let start = row.find("location=").expect("a location") + "location=".len();
            let rest = &row[start..];
            rest[..rest.find(['&', '"']).unwrap()].to_owned()
        })
        .collect()
}

/// The location ids areas.tsv files as metropolitan areas, and the model has.
fn metro_ids(model: &SalaryModel) -> Vec<String> {
    let areas = include_str!("../../../content/data/oews/areas.tsv");
    let metros: Vec<&str> = areas
        .lines()
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|fields| fields.get(2) == Some(&"metro"))
        .map(|fields| fields[0])
        .collect();
    model
        .factor(FactorKind::Location)
        .values
        .iter()
        .filter(|value| metros.contains(&value.id.as_str()))
        .map(|value| value.id.clone())
        .collect()
}

/// Whether BLS released a median for software developers in the area itself.
fn own_pay(model: &SalaryModel, id: &str) -> bool {
    model
        .bls
        .wages(id, "15-1252")
        .is_some_and(|wages| wages.percentiles[2].value().is_some())
}

/// Whether BEA's files have the location's own price level.
fn own_prices(model: &SalaryModel, id: &str) -> bool {
    model
        .cost_of_living
        .of(id)
        .is_some_and(|parity| parity.priced_as == PricedAs::Itself)
}

#[test]
fn metro_table_ranks_every_metro_with_its_own_median_and_no_stand_in() {
    let model = model();
    let metros = metro_ids(&model);
    assert!(metros.len() > 300, "{}", metros.len());
    let stand_ins: Vec<&String> = metros.iter().filter(|id| !own_pay(&model, id)).collect();
    // Elmira, NY has no median of its own: New York State's stands in, and
    // once ranked it fifth.
    assert!(
        stand_ins.iter().any(|id| *id == "elmira-ny"),
        "{stand_ins:?}"
    );
    for order in ["highest", "lowest"] {
        let code = format!("metro_table years=6 order={order} limit=400");
        let html = render(&model, &code).unwrap();
        let note = format!("{}-left-out", table_id(&parse(&code).unwrap()));
        let ranked = row_locations(&html);
        assert_eq!(ranked.len(), metros.len() - stand_ins.len(), "{html}");
        for id in &ranked {
            assert!(own_pay(&model, id), "{id} ranks on its state's median");
        }
        assert!(
            html.contains(&format!(
                "Not ranked: {} metro areas for which BLS released no median",
                stand_ins.len()
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!("aria-describedby=\"{note}\""))
                && html.contains(&format!("<p class=\"table-note\" id=\"{note}\">")),
            "the note is the table's description: {html}"
        );
    }
    // No state or rural area among the forty best-paid places of pay by city.
    let top = render(&model, "metro_table years=6 limit=40").unwrap();
    assert_eq!(row_locations(&top).len(), 40);
    for id in row_locations(&top) {
        assert!(metros.contains(&id), "{id} is no metro");
    }
}

#[test]
fn buying_power_table_ranks_only_metros_with_their_own_pay_and_prices() {
    let model = model();
    let html = render(&model, "buying_power_table years=6").unwrap();
    let metros = metro_ids(&model);
    let own: Vec<&String> = metros
        .iter()
        .filter(|id| own_pay(&model, id) && own_prices(&model, id))
        .collect();
    // BEA's metro file has every metro the calculator offers, Boulder,
    // Bridgeport and Ames among them (they used their state's before).
    assert!(metros.iter().all(|id| own_prices(&model, id)));
    for id in ["boulder-co", "bridgeport-stamford-danbury-ct", "ames-ia"] {
        assert!(own_prices(&model, id), "{id}");
    }
    let ranked = row_locations(&html);
    assert_eq!(ranked.len(), own.len(), "{html}");
    for id in &ranked {
        assert!(own.contains(&id), "{id} ranks on a state's figure");
    }
    assert!(!html.contains("priced at their state's level"), "{html}");
    // Rows are in falling order of buying power: the fourth number cell.
    let powers: Vec<i64> = html
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let cell = row.split("<td class=\"num\">").nth(4).unwrap();
            cell[..cell.find('<').unwrap()]
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(powers.windows(2).all(|w| w[0] >= w[1]), "{powers:?}");
    // Each row's buying power is the estimate's own, and so is the inline figure.
    let (_, miami) = profile_estimate(
        &model,
        &parse("buying_power years=6 location=miami").unwrap(),
    )
    .unwrap();
    let adjusted = usd(miami.cost_of_living.adjusted_median);
    assert!(html.contains(&adjusted));
    let inline = render(&model, "buying_power years=6 location=miami").unwrap();
    assert!(inline.contains(&format!(">{adjusted}</a>")), "{inline}");
    // The metros with their own BEA row (Birmingham among them, issue 22) are
    // ranked; once BEA's row for a metro is missing, its state's stands in and
    // it is left out and counted.
    for metro in ["birmingham", "tulsa", "seattle", "boise-city-id"] {
        assert!(ranked.iter().any(|id| id == metro), "{metro}: {html}");
    }
    let without_tulsa: String = crate::estimator::bundled::PRICES
        .lines()
        .filter(|line| !line.starts_with("tulsa\t"))
        .map(|line| format!("{line}\n"))
        .collect();
    let prices = crate::estimator::living::RegionalPrices::parse(&without_tulsa).unwrap();
    let marked =
        crate::estimator::bundled::parse_with_prices(crate::estimator::bundled::MODEL, &prices)
            .unwrap();
    let html = render(&marked, "buying_power_table years=6").unwrap();
    assert!(
        !row_locations(&html).contains(&"tulsa".to_owned()),
        "{html}"
    );
    assert!(
        html.contains("Not ranked: 1 metro area priced at their state's level"),
        "{html}"
    );
}

#[test]
fn metro_count_says_how_many_metros_each_ranking_leaves_out() {
    let model = model();
    let metros = metro_ids(&model);
    let count = |which: &str| render(&model, &format!("metro_count which={which}")).unwrap();
    let state_pay = metros.iter().filter(|id| !own_pay(&model, id)).count();
    let state_prices = metros.iter().filter(|id| !own_prices(&model, id)).count();
    assert_eq!(
        render(&model, "metro_count").unwrap(),
        metros.len().to_string()
    );
    assert_eq!(count("all"), metros.len().to_string());
    assert_eq!(count("state_pay"), state_pay.to_string());
    assert_eq!(count("state_prices"), state_prices.to_string());
    assert_eq!(
        count("own_prices"),
        (metros.len() - state_prices).to_string()
    );
    // Every metro has BEA's own prices; some have no median of their own.
    assert!(state_pay > 0);
    assert_eq!(state_prices, 0);
    let wrong = render(&model, "metro_count which=cities").unwrap_err();
    assert!(wrong.contains("state_pay"), "{wrong}");
    assert!(render(&model, "metro_count years=4").is_err());
}

#[test]
fn places_moved_is_signed_against_the_pay_rank() {
    assert_eq!(places_moved(5, 2), "+3");
    assert_eq!(places_moved(2, 4), "−2");
    assert_eq!(places_moved(3, 3), "0");
}

#[test]
fn vesting_table_lists_every_schedule_year_by_year() {
    let model = model();
    let html = expand(&model, &parse("vesting_table").unwrap()).unwrap();
    assert_eq!(
        html.matches("<tr><th scope=\"row\">").count(),
        model.vesting_schedules.len()
    );
    for schedule in &model.vesting_schedules {
        assert!(html.contains(&schedule.label), "{html}");
        // Each cites its sources, or says it is the offer check's own example.
        match &schedule.assumption {
            Some(assumption) => assert!(
                html.contains(&format!("<td>{}</td>", assumption.replace('\'', "&#39;"))),
                "{html}"
            ),
            None => {
                for id in &schedule.sources {
                    assert!(html.contains(&format!("/sources#{id}")), "{html}");
                }
            }
        }
    }
    // Every schedule is fully vested by its last year.
    assert_eq!(
        html.matches("(100%)</td><td>").count(),
        model.vesting_schedules.len(),
        "{html}"
    );
    assert_eq!(whole_percent(0.05), "5%");
    assert!(expand(&model, &parse("vesting_table grant=1").unwrap()).is_err());
}

#[test]
fn signed_percent_reads_naturally() {
    assert_eq!(signed_percent(1.07), "+7%");
    assert_eq!(signed_percent(0.92), "−8%");
    assert_eq!(signed_percent(1.0), "0%");
}

#[test]
fn bls_figures_and_tables_print_the_rows_bls_published() {
    let model = model();
    let bls = &model.bls;
    let testers = bls.wages("us", "15-1253").unwrap().median().unwrap();
    let shown = render(&model, "bls soc=15-1253").unwrap();
    assert!(shown.contains(&format!(">{}</a>", usd(testers))), "{shown}");
    assert!(shown.contains("href=\"/sources#bls-oews-2025\""), "{shown}");
    let boise = bls.wages("boise-city-id", "15-1252").unwrap();
    let p90 = render(&model, "bls area=boise-city-id stat=p90").unwrap();
    assert!(
        p90.contains(&format!(">{}</a>", usd(boise.percentiles().unwrap()[4]))),
        "{p90}"
    );
    assert!(p90.contains("href=\"/pay/boise-city-id\""), "{p90}");
    let table = render(&model, "bls_table").unwrap();
    for occupation in &bls.release.occupations {
        assert!(table.contains(&occupation.title), "{}", occupation.title);
    }
    assert!(
        render(&model, "bls area=atlantis")
            .unwrap_err()
            .contains("atlantis")
    );
    assert!(render(&model, "bls soc=99-9999").is_err());
    assert!(render(&model, "bls stat=mode").is_err());
}

/// The calculator's own take-home for a query string, as the shortcodes
/// should print it.
fn calculator_take_home(model: &SalaryModel, query: &str) -> crate::tax::TakeHome {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).unwrap();
    let input = crate::estimator::ProfileQuery::from_pairs(pairs)
        .validate(model)
        .unwrap();
    let pay = estimator::estimate(model, &input)
        .unwrap()
        .take_home
        .unwrap();
    pay.offer.unwrap_or(pay.median)
}

#[test]
fn take_home_prints_the_calculators_figure_and_links_to_it() {
    let model = model();
    let query = "years=6&location=new-york&home_city=new-york-city&offer=180000";
    let expected = calculator_take_home(&model, query);
    let html = render(
        &model,
        "take_home years=6 wage=180000 location=new-york home_city=new-york-city",
    )
    .unwrap();
    assert!(
        html.contains(&format!(">{}<", usd(expected.year))),
        "{html}"
    );
    assert!(html.contains("home_city=new-york-city"), "{html}");
    assert!(html.contains("offer=180000"), "{html}");
    let city = expected
        .lines
        .iter()
        .find(|line| line.id == "new-york-city")
        .unwrap();
    assert!(city.amount > 0);
    let line = render(
        &model,
        "take_home years=6 wage=180000 location=new-york home_city=new-york-city line=new-york-city",
    )
    .unwrap();
    assert!(line.contains(&format!(">{}<", usd(city.amount))), "{line}");
    // Without a wage, the median is taxed, as the calculator's first column.
    let median = calculator_take_home(&model, "years=6&location=seattle");
    let html = render(&model, "take_home years=6 location=seattle part=month").unwrap();
    assert!(html.contains(&format!(">{}<", usd(median.month))), "{html}");
}

#[test]
fn take_home_refuses_what_the_calculator_refuses() {
    let model = model();
    for (inner, expected) in [
        ("take_home years=6 wage=180000", "whole country"),
        (
            "take_home years=6 location=seattle filing=widowed",
            "filing",
        ),
        (
            "take_home years=6 location=seattle home_city=atlantis",
            "atlantis",
        ),
        (
            "take_home years=6 location=seattle part=weekly",
            "unknown part",
        ),
        (
            "take_home years=6 location=seattle line=ca-sdi",
            "no tax line `ca-sdi`",
        ),
        ("take_home wage=1 location=seattle", "years"),
    ] {
        let error = render(&model, inner).unwrap_err();
        assert!(error.contains(expected), "{inner}: {error}");
    }
}

#[test]
fn take_home_gap_is_the_difference_of_the_two_places() {
    let model = model();
    let seattle = calculator_take_home(&model, "years=6&location=seattle&offer=180000");
    let francisco = calculator_take_home(&model, "years=6&location=san-francisco&offer=180000");
    assert!(seattle.year > francisco.year);
    let html = render(
        &model,
        "take_home_gap years=6 wage=180000 from=san-francisco to=seattle",
    )
    .unwrap();
    assert!(
        html.contains(&format!(">{}<", usd(seattle.year - francisco.year))),
        "{html}"
    );
    assert!(html.contains(&usd(seattle.year)) && html.contains(&usd(francisco.year)));
}

#[test]
fn take_home_tables_list_each_place_and_every_state() {
    let model = model();
    let html = render(
        &model,
        "take_home_table years=6 wage=180000 places=seattle,new-york:new-york-city,portland:WA",
    )
    .unwrap();
    assert_eq!(html.matches("<tr><th scope=\"row\">").count(), 3);
    assert!(html.contains("living in New York City"), "{html}");
    assert!(html.contains("living in Washington"), "{html}");
    let portland_wa = calculator_take_home(
        &model,
        "years=6&location=portland&home_state=WA&offer=180000",
    );
    assert!(
        html.contains(&format!(">{}<", usd(portland_wa.year))),
        "{html}"
    );

    let states = render(&model, "take_home_states years=6 wage=180000").unwrap();
    assert_eq!(states.matches("<tr><th scope=\"row\">").count(), 51);
    let texas = calculator_take_home(&model, "years=6&home_state=TX&offer=180000");
    let oregon = calculator_take_home(&model, "years=6&home_state=OR&offer=180000");
    // Most kept first: a state without an income tax leads, Oregon trails.
    let first_row = states.find("<tr><th").unwrap();
    assert!(states[first_row..].contains(&usd(texas.year)));
    let last_row = states.rfind("<tr><th").unwrap();
    assert!(
        states[last_row..].contains("Oregon"),
        "{}",
        &states[last_row..]
    );
    assert!(states[last_row..].contains(&usd(oregon.year)));
}

#[test]
fn tax_figures_quote_the_tax_tables_and_cite_their_source() {
    let model = model();
    let tax = &model.tax;
    let base = render(&model, "tax_figure item=social_security_wage_base").unwrap();
    assert!(
        base.contains(&format!(">{}<", usd(tax.social_security.wage_base as i64))),
        "{base}"
    );
    assert!(
        base.contains(&format!(
            "href=\"/sources#tax-{}\"",
            tax.social_security.source
        )),
        "{base}"
    );
    let joint = render(
        &model,
        "tax_figure item=additional_medicare_threshold filing=joint",
    )
    .unwrap();
    assert!(joint.contains(&usd(tax.medicare.additional_threshold.joint as i64)));
    let nyc = render(&model, "tax_figure item=local_rate id=new-york-city").unwrap();
    assert!(
        nyc.contains('–'),
        "a bracketed city tax shows its range: {nyc}"
    );
    assert!(
        render(&model, "tax_figure item=payroll_rate id=wa-pfml")
            .unwrap_err()
            .contains("shared")
    );
    let none = render(&model, "tax_list list=no_wage_tax_states").unwrap();
    assert!(
        none.contains("Texas") && none.contains(" and Wyoming"),
        "{none}"
    );
    assert!(!none.contains("California"), "{none}");
}
