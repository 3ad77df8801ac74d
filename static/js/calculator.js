// The live calculator: as the person changes any answer, #result is rebuilt in
// place from GET /api/v1/estimate (the same query the form submits) and the
// address bar follows with history.replaceState, so the link is always the
// result on screen.
//
// The server renders the same result for the same address, and the browser
// tests compare the two, so the markup built here must stay exactly the
// markup of templates/pages/calculator.html: same elements, classes, ids and
// text. Data only ever goes in through textContent and attributes, never HTML.
//
// Without this script (or without fetch) the form is an ordinary GET form.
(() => {
  'use strict';

  const form = document.querySelector('form.calculator-form');
  const result = document.getElementById('result');
  const heading = document.getElementById('result-heading');
  const emptyTemplate = document.getElementById('result-empty');
  if (!form || !result || !heading || !emptyTemplate || !window.fetch || !window.AbortController) {
    return;
  }

  const DEBOUNCE_MS = 250;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // The factors whose labels are the form's own labels.
  const FACTORS = [
    'location',
    'industry',
    'company_size',
    'language',
    'work_arrangement',
    'skills',
    'certifications',
  ];

  // ---- Formatting, as src/money.rs and Rust's `{:.N}` do it ---------------

  /** Whole dollars: 123456 → "$123,456", -2500 → "−$2,500". */
  function usd(amount) {
    const grouped = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (amount < 0 ? '\u2212$' : '$') + grouped;
  }

  // The "What visitors report" box, as templates/pages/calculator.html draws it.
  function visitorReports(reports) {
    const windowMonths = document.getElementById('result').dataset.reportsWindow;
    const updated = new Date(reports.updated + 'T00:00:00Z').toLocaleDateString('en-US', {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
    return h(
      'section',
      { class: 'visitor-reports', 'aria-labelledby': 'reports-heading' },
      h('h3', { id: 'reports-heading' }, 'What visitors report'),
      h(
        'p',
        null,
        reports.count_band.replace('-', '\u2013') +
          ' approved reports from people with this location, experience band and kind of work put the median at ',
        h('strong', { 'data-stat': 'reports-median' }, usd(reports.median)),
        reports.p25 !== undefined && reports.p75 !== undefined
          ? ', the middle half between ' + usd(reports.p25) + ' and ' + usd(reports.p75) + '.'
          : '.',
      ),
      h(
        'p',
        null,
        'They move this estimate by ',
        h('strong', { 'data-stat': 'reports-effect' }, signedUsd(reports.effect)),
        ', a weight of ' +
          fixed(reports.weight * 100, 0) +
          '% against our sources, because self-reported pay over-represents unusual pay. Reports from the last ' +
          windowMonths +
          ' months, updated ' +
          updated +
          '.',
      ),
    );
  }

  /** A change with its sign: "+$2,500", "−$800", "$0". */
  function signedUsd(amount) {
    return amount > 0 ? '+' + usd(amount) : usd(amount);
  }

  /**
   * A number with `digits` decimals, as Rust's `format!("{:.digits$}")`: like
   * toFixed, except that an exact tie rounds to even (Rust: 0.25 → "0.2",
   * toFixed: "0.3"). A tie is exact only when x·2^(digits+1) is an odd integer.
   */
  function fixed(x, digits) {
    const halves = x * 2 ** (digits + 1);
    if (!Number.isInteger(halves) || halves % 2 === 0) {
      return x.toFixed(digits);
    }
    const twice = Math.abs(halves) * 5 ** digits; // 2·|x|·10^digits, odd
    const below = (twice - 1) / 2;
    const units = String(below % 2 === 0 ? below : below + 1).padStart(digits + 1, '0');
    const sign = x < 0 ? '-' : '';
    return digits === 0
      ? sign + units
      : sign + units.slice(0, -digits) + '.' + units.slice(-digits);
  }

  // ---- Building nodes ------------------------------------------------------

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false && child !== '') {
        node.append(child);
      }
    }
    return node;
  }

  function setAttributes(node, attributes) {
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, String(value));
    }
    return node;
  }

  /** An HTML element; strings among the children become text nodes. */
  function h(tag, attributes, ...children) {
    return append(setAttributes(document.createElement(tag), attributes), children);
  }

  /** An SVG element. */
  function s(tag, attributes, ...children) {
    return append(setAttributes(document.createElementNS(SVG_NS, tag), attributes), children);
  }

  // ---- What the page already knows ----------------------------------------

  function factorLabel(key) {
    if (key === 'experience') {
      return 'Experience';
    }
    if (FACTORS.includes(key)) {
      const control = document.getElementById('field-' + key);
      const label =
        control && control.tagName === 'FIELDSET'
          ? control.querySelector('legend')
          : form.querySelector('label[for="field-' + key + '"]');
      if (label) {
        return label.textContent.trim();
      }
    }
    return 'Premium cap';
  }

  // "updated <time>" of the data, from the server-rendered empty result.
  function updatedTime() {
    const time = emptyTemplate.content.querySelector('time');
    return time ? time.cloneNode(true) : '';
  }

  // The published freelance rate bounds, from the data file: the server puts
  // them on #result, which stays in place while its content is replaced.
  const rates = {
    floor: Number(result.dataset.rateFloor),
    ceiling: Number(result.dataset.rateCeiling),
  };

  // ---- The result, as templates/pages/calculator.html renders it -----------

  // 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st: as the server's `ordinal` filter.
  function ordinal(number) {
    const tens = number % 100;
    const suffix =
      tens >= 11 && tens <= 13 ? 'th' : { 1: 'st', 2: 'nd', 3: 'rd' }[number % 10] || 'th';
    return number + suffix;
  }

  function percentile(term, amount, stat) {
    return h(
      'div',
      null,
      h('dt', null, term),
      h('dd', stat ? { 'data-stat': stat } : null, usd(amount)),
    );
  }

  function payFact(term, value, stat) {
    return h('div', null, h('dt', null, term), h('dd', stat ? { 'data-stat': stat } : null, value));
  }

  /** The offer's cash for four years: one row a year and the total. */
  function offerYears(check) {
    return h(
      'table',
      { class: 'offer-years' },
      h('caption', { id: 'offer-years-caption' }, "The offer's cash, year by year"),
      columnHeads(
        ['Year'],
        ['Base', true],
        ['Bonus at target', true],
        ['Equity', true],
        ['Signing', true],
        ['Total', true],
      ),
      h(
        'tbody',
        null,
        check.years.map((year) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, String(year.year)),
            numberCells(year.base, year.bonus, year.equity, year.signing, year.total),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'row', colspan: '5' }, 'Four years'),
          h('td', { class: 'num', 'data-stat': 'four-year-total' }, usd(check.four_year_total)),
        ),
      ),
    );
  }

  function offerBrief(estimate) {
    const check = estimate.offer;
    const offer = check.offer;
    return h(
      'section',
      { class: 'offer-brief', 'aria-labelledby': 'offer-heading' },
      h('h3', { id: 'offer-heading' }, 'Your offer'),
      h(
        'p',
        null,
        'A base salary of ',
        h('strong', null, usd(offer.base)),
        ' is ',
        h(
          'strong',
          { class: 'verdict verdict-' + check.verdict, 'data-verdict': check.verdict },
          check.verdict,
        ),
        " the market's middle half for this profile, at about the " +
          ordinal(check.percentile) +
          ' percentile.',
      ),
      tableWrap(null, 'offer-years-caption', offerYears(check)),
      h(
        'p',
        { class: 'offer-split' },
        'Guaranteed: ',
        h('strong', { 'data-stat': 'guaranteed' }, usd(check.guaranteed)),
        ' (base and signing bonus). At risk: ',
        h('strong', { 'data-stat': 'at-risk' }, usd(check.at_risk)),
        ' (bonus at its target' +
          (check.equity_counted_as_cash ? ' and equity' : '') +
          '). Typical total pay for this profile is ' +
          usd(estimate.total_comp.low) +
          '\u2013' +
          usd(estimate.total_comp.high) +
          ' a year.',
      ),
      !check.equity_counted_as_cash &&
        (offer.equity > 0 || offer.grant > 0) &&
        h(
          'p',
          { class: 'note' },
          "This equity is private shares: shown at the offer's value, but it may never be worth anything, so it counts from $0 and is ",
          h('strong', null, 'not in the totals'),
          '.',
        ),
      h(
        'p',
        null,
        'Counter-offer: ',
        h('strong', { 'data-stat': 'counter' }, usd(check.counter)),
        ' base salary.',
      ),
      h('h4', null, 'What to say'),
      h(
        'blockquote',
        { class: 'script' },
        check.script.map((line) => h('p', null, line)),
      ),
      h(
        'p',
        { class: 'meta' },
        'Drawn from our ',
        h('a', { href: '/guides/negotiating-pay#a-short-script' }, 'negotiation guide'),
        '. Print this page for a one-page brief.',
      ),
    );
  }

  /** The projection chart: src/web/calculator.rs `ProjectionChart`, step for step. */
  function chart(estimate) {
    const points = estimate.projection;
    const last = points.length ? points[points.length - 1].years : 1;
    const lastYear = Math.max(last, 1);
    const low = points.length ? Math.min(...points.map((p) => p.p25)) : 0;
    const high = points.length ? Math.max(...points.map((p) => p.p75)) : 1;
    const step =
      [10000, 20000, 25000, 50000, 100000].find((size) => Math.trunc((high - low) / size) <= 5) ||
      200000;
    const axisLow = Math.trunc(low / step) * step;
    const axisHigh = Math.trunc((high + step - 1) / step) * step;
    const x = (years) => 72 + (years / lastYear) * (640 - 72 - 16);
    const y = (amount) => {
      const share = (amount - axisLow) / Math.max(axisHigh - axisLow, 1);
      return 300 - 40 - share * (300 - 16 - 40);
    };
    const point = (years, amount) => fixed(x(years), 1) + ',' + fixed(y(amount), 1);
    const band = points
      .map((p) => point(p.years, p.p75))
      .concat(
        points
          .slice()
          .reverse()
          .map((p) => point(p.years, p.p25)),
      )
      .join(' ');
    const median = points.map((p) => point(p.years, p.median)).join(' ');
    const yTicks = [];
    for (let amount = axisLow; amount <= axisHigh; amount += step) {
      yTicks.push([y(amount), '$' + Math.trunc(amount / 1000) + 'k']);
    }
    const years = estimate.input.years;
    const marker = years <= lastYear ? [x(years), y(estimate.base.median)] : null;
    const first = points[0];
    const final = points[points.length - 1];

    const svg = s(
      'svg',
      {
        viewBox: '0 0 640 300',
        role: 'img',
        'aria-labelledby': 'chart-title chart-desc',
        class: 'chart',
        focusable: 'false',
      },
      s('title', { id: 'chart-title' }, 'Projected base pay from 0 to 20 years of experience'),
      s(
        'desc',
        { id: 'chart-desc' },
        'The median rises from ' +
          usd(first.median) +
          ' at 0 years to ' +
          usd(final.median) +
          ' at 20 years; the table below gives every year.',
      ),
      yTicks.map(([tickY, label]) => [
        s('line', {
          class: 'grid',
          x1: '72',
          x2: '624',
          y1: fixed(tickY, 1),
          y2: fixed(tickY, 1),
          stroke: 'currentColor',
          'stroke-opacity': '0.15',
        }),
        s(
          'text',
          {
            class: 'axis-label',
            x: '64',
            y: fixed(tickY, 1),
            'text-anchor': 'end',
            'dominant-baseline': 'middle',
            fill: 'currentColor',
          },
          label,
        ),
      ]),
      s('polygon', { class: 'band', points: band, fill: 'currentColor', 'fill-opacity': '0.15' }),
      s('polyline', {
        class: 'median-line',
        points: median,
        fill: 'none',
        stroke: 'currentColor',
        'stroke-width': '2.5',
      }),
      points
        .filter((p) => p.years % 5 === 0)
        .map((p) =>
          s(
            'text',
            {
              class: 'axis-label',
              x: fixed(x(p.years), 1),
              y: '280',
              'text-anchor': 'middle',
              fill: 'currentColor',
            },
            String(p.years),
          ),
        ),
      s(
        'text',
        { class: 'axis-title', x: '348', y: '297', 'text-anchor': 'middle', fill: 'currentColor' },
        'Years of experience',
      ),
      marker && [
        s('circle', {
          class: 'you',
          cx: fixed(marker[0], 1),
          cy: fixed(marker[1], 1),
          r: '6',
          fill: 'currentColor',
        }),
        s(
          'text',
          {
            class: 'you-label',
            x: fixed(marker[0], 1),
            y: fixed(marker[1] - 12, 1),
            'text-anchor': 'middle',
            fill: 'currentColor',
          },
          'You',
        ),
      ],
    );
    return h(
      'figure',
      { class: 'projection-chart' },
      svg,
      h(
        'figcaption',
        null,
        'Shaded: the middle half of pay (25th to 75th percentile) for your profile at each number of years. Line: the median.' +
          (marker ? ' Dot: you today.' : " Your experience is past the chart's 20 years."),
      ),
    );
  }

  function tableWrap(extraClass, captionId, table) {
    return h(
      'div',
      {
        class: extraClass ? 'table-wrap ' + extraClass : 'table-wrap',
        role: 'region',
        tabindex: '0',
        'aria-labelledby': captionId,
      },
      table,
    );
  }

  function columnHeads(...names) {
    return h(
      'thead',
      null,
      h(
        'tr',
        null,
        names.map(([name, numeric]) =>
          h('th', numeric ? { scope: 'col', class: 'num' } : { scope: 'col' }, name),
        ),
      ),
    );
  }

  function numberCells(...amounts) {
    return amounts.map((amount) => h('td', { class: 'num' }, usd(amount)));
  }

  function sourceLink(source) {
    return h(
      'a',
      { href: source.url || '/sources#' + source.id },
      source.publisher + ' (' + source.year + ')',
    );
  }

  /** The survey median beside the estimate, as the server writes it. */
  function surveyCheck(survey) {
    return h(
      'p',
      { class: 'survey-check', 'data-position': survey.position },
      h(
        'a',
        { href: '/sources#' + (survey.sources[0] || '') },
        survey.label + ' (' + survey.period + ')',
      ),
      ': median ',
      h('strong', { 'data-stat': 'survey-median' }, usd(survey.median)),
      ' total pay. ' + survey.note,
    );
  }

  /** Whole hours as "1,595 hours", "\u2212204 hours". */
  function hours(amount) {
    return usd(amount).replace('$', '') + ' hours';
  }

  /** The freelance rate's arithmetic, one row per step. */
  function freelanceSteps(estimate) {
    const byId = new Map(estimate.sources.map((source) => [source.id, source]));
    const show = (step, value) =>
      step.unit === 'hours_per_year'
        ? hours(value)
        : step.unit === 'usd_per_hour'
          ? usd(value) + ' an hour'
          : usd(value);
    return tableWrap(
      null,
      'freelance-caption',
      h(
        'table',
        { class: 'freelance-steps' },
        h('caption', { id: 'freelance-caption' }, 'How the freelance rate is built'),
        columnHeads(['Step'], ['Low end', true], ['High end', true], ['Source']),
        h(
          'tbody',
          null,
          estimate.hourly.steps.map((step) => {
            const links = step.sources.flatMap((id, i) => {
              const source = byId.get(id);
              const link = h(
                'a',
                { href: '/sources#' + id },
                source ? source.publisher + ' (' + source.year + ')' : id,
              );
              return i < step.sources.length - 1 ? [link, '; '] : [link];
            });
            return h(
              'tr',
              { 'data-step': step.step },
              h('th', { scope: 'row' }, step.label),
              h('td', { class: 'num' }, show(step, step.low)),
              h('td', { class: 'num' }, show(step, step.high)),
              h('td', null, links),
            );
          }),
        ),
      ),
    );
  }

  function breakdown(estimate) {
    const byId = new Map(estimate.sources.map((source) => [source.id, source]));
    const rows = estimate.factors.map((effect, index) => {
      const sources = effect.sources.map((id) => byId.get(id)).filter(Boolean);
      const links = sources.flatMap((source, i) =>
        i < sources.length - 1 ? [sourceLink(source), '; '] : [sourceLink(source)],
      );
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, factorLabel(effect.factor)),
        h('td', null, effect.label),
        h('td', { class: 'num' }, index === 0 ? 'start' : '\u00d7' + fixed(effect.multiplier, 3)),
        h('td', { class: 'num' }, index === 0 ? usd(effect.effect) : signedUsd(effect.effect)),
        h('td', null, links),
      );
    });
    return h(
      'table',
      { class: 'breakdown' },
      h('caption', { id: 'breakdown-caption' }, 'How the median is built, step by step'),
      columnHeads(['Factor'], ['Your answer'], ['Multiplier', true], ['Effect', true], ['Source']),
      h('tbody', null, rows),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'row', colspan: '3' }, 'Estimated median'),
          h('td', { class: 'num' }, usd(estimate.base.median)),
          h('td', null),
        ),
      ),
    );
  }

  /** The calculator query of an estimate's input: EstimateInput::query_pairs in src/estimator/mod.rs. */
  function inputPairs(input) {
    const pairs = [['years', String(Math.round(input.years * 100) / 100)]];
    for (const key of ['location', 'industry', 'company_size', 'language', 'work_arrangement']) {
      if (input[key] != null) {
        pairs.push([key, input[key]]);
      }
    }
    if (input.home != null) {
      pairs.push(['home', input.home]);
    }
    for (const skill of input.skills) {
      pairs.push(['skills', skill]);
    }
    for (const certification of input.certifications) {
      pairs.push(['certifications', certification]);
    }
    if (input.employment !== 'salaried') {
      pairs.push(['employment', input.employment]);
    }
    const offer = input.offer;
    if (offer) {
      pairs.push(['offer', String(offer.base)]);
      for (const [key, amount] of [
        ['offer_bonus', offer.bonus],
        ['offer_equity', offer.equity],
        ['offer_signing', offer.signing],
        ['offer_grant', offer.grant],
      ]) {
        if (amount > 0) {
          pairs.push([key, String(amount)]);
        }
      }
      if (offer.vesting != null && offer.grant > 0) {
        pairs.push(['offer_vesting', offer.vesting]);
      }
    }
    return pairs;
  }

  /** /compare with this result as scenario a and a copy as b: compare_href in src/web/compare.rs. */
  function compareHref(input) {
    const pairs = inputPairs(input);
    const query = new URLSearchParams();
    for (const label of ['a', 'b']) {
      for (const [key, value] of pairs) {
        query.append(label + '.' + key, value);
      }
    }
    return '/compare?' + query.toString() + '#comparison';
  }

  /** A location's name, as the form's location list spells it. */
  function locationLabel(id) {
    const select = document.getElementById('field-location');
    const option = select && Array.from(select.options).find((o) => o.value === id);
    return option ? option.textContent : '';
  }

  function buyingPower(estimate) {
    const living = estimate.cost_of_living;
    const place = estimate.input.home || estimate.input.location;
    return h(
      'p',
      { class: 'buying-power' },
      'Buying power: the median buys what ',
      h('strong', { 'data-stat': 'adjusted-median' }, usd(living.adjusted_median)),
      ' would at average US prices, since prices where you live (' +
        locationLabel(place) +
        ') run at ' +
        fixed(living.price_level, 1) +
        ' and housing rents at ' +
        fixed(living.housing_level, 1) +
        ' against 100 for the whole country (',
      h('a', { href: '/sources#' + living.source }, 'BEA'),
      ', ' + living.year + ').',
    );
  }

  /** Every node after the heading of #result, for an estimate. */
  function resultNodes(estimate, rateBounds) {
    const base = estimate.base;
    const location = estimate.factors.find((f) => f.factor === 'location');
    const freelance = estimate.hourly.basis === 'freelance';
    const cross = estimate.cross_check;
    return [
      h(
        'p',
        { class: 'result-context' },
        'Yearly base salary \u00b7 ' +
          estimate.level_label +
          ' \u00b7 ' +
          (location ? location.label : ''),
      ),
      h(
        'p',
        { class: 'median' },
        h('span', null, 'Median'),
        ' ',
        h('strong', { 'data-stat': 'median' }, usd(base.median)),
      ),
      h(
        'p',
        { class: 'range' },
        'Half of comparable developers earn between ',
        h('strong', { 'data-stat': 'p25' }, usd(base.p25)),
        ' and ',
        h('strong', { 'data-stat': 'p75' }, usd(base.p75)),
        '.',
      ),
      buyingPower(estimate),
      h(
        'dl',
        { class: 'percentiles' },
        percentile('10th percentile', base.p10, 'p10'),
        percentile('25th percentile', base.p25),
        percentile('Median', base.median),
        percentile('75th percentile', base.p75),
        percentile('90th percentile', base.p90, 'p90'),
      ),
      h(
        'div',
        { class: 'confidence confidence-' + estimate.confidence },
        h(
          'p',
          null,
          'Confidence: ',
          h('strong', { 'data-confidence': estimate.confidence }, estimate.confidence),
        ),
        estimate.confidence_notes.length > 0 &&
          h(
            'ul',
            null,
            estimate.confidence_notes.map((note) => h('li', null, note)),
          ),
      ),
      estimate.reports && visitorReports(estimate.reports),
      estimate.offer && offerBrief(estimate),
      h(
        'p',
        { class: 'compare-link' },
        h('a', { href: compareHref(estimate.input) }, 'Compare this with another job, city or offer'),
      ),
      h('h3', null, 'What would raise it most'),
      h(
        'ol',
        { class: 'what-if', role: 'list' },
        estimate.what_if.map((idea) =>
          h(
            'li',
            null,
            h('a', { href: idea.guide }, idea.change),
            ' ',
            h('span', { class: 'delta' }, signedUsd(idea.delta)),
          ),
        ),
      ),
      h('h3', null, 'Total and hourly pay'),
      h(
        'dl',
        { class: 'pay-facts' },
        payFact(
          'Total pay at the median',
          usd(estimate.total_comp.low) + ' \u2013 ' + usd(estimate.total_comp.high),
          'total',
        ),
        payFact(
          'Typical bonus',
          usd(estimate.total_comp.bonus.low) + ' \u2013 ' + usd(estimate.total_comp.bonus.high),
        ),
        payFact(
          'Typical yearly equity',
          usd(estimate.total_comp.equity.low) + ' \u2013 ' + usd(estimate.total_comp.equity.high),
        ),
        payFact(
          freelance ? 'Freelance rate' : 'Hourly equivalent',
          usd(estimate.hourly.low) + ' \u2013 ' + usd(estimate.hourly.high) + ' an hour',
          'hourly',
        ),
      ),
      estimate.total_comp.equity_counted_as_cash
        ? h(
            'p',
            { class: 'note' },
            'At companies this size equity is usually public stock you can sell, so it is counted in total pay.',
          )
        : h(
            'p',
            { class: 'note' },
            'Equity here is usually private shares: it is shown from $0, because it may never be worth anything, and it is ',
            h('strong', null, 'not counted as cash'),
            ' in total pay.',
          ),
      freelance && freelanceSteps(estimate),
      freelance &&
        h(
          'p',
          { class: 'note' },
          'A freelance rate runs above the salaried equivalent to cover benefits, payroll tax and unbilled time: it is your break-even rate. For context, published rates for freelance backend work on one global marketplace run ' +
            usd(rateBounds.floor) +
            '\u2013' +
            usd(rateBounds.ceiling) +
            ' an hour.',
        ),
      h('h3', { id: 'projection-heading' }, 'Your next 20 years'),
      chart(estimate),
      tableWrap(
        'projection-table',
        'projection-caption',
        h(
          'table',
          null,
          h(
            'caption',
            { id: 'projection-caption' },
            'Projected yearly base pay by years of experience',
          ),
          columnHeads(['Years'], ['25th', true], ['Median', true], ['75th', true]),
          h(
            'tbody',
            null,
            estimate.projection.map((p) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, String(p.years)),
                numberCells(p.p25, p.median, p.p75),
              ),
            ),
          ),
        ),
      ),
      h('h3', null, 'Compared with published figures'),
      tableWrap(
        null,
        'cross-check-caption',
        h(
          'table',
          { class: 'cross-check' },
          h('caption', { id: 'cross-check-caption' }, cross.label + ' (' + cross.period + ')'),
          columnHeads(
            [h('span', { class: 'visually-hidden' }, 'Figures')],
            ['10th', true],
            ['25th', true],
            ['Median', true],
            ['75th', true],
            ['90th', true],
          ),
          h(
            'tbody',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, 'This estimate'),
              numberCells(base.p10, base.p25, base.median, base.p75, base.p90),
            ),
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, h('a', { href: '/sources#' + cross.source }, 'BLS OEWS')),
              numberCells(cross.p10, cross.p25, cross.median, cross.p75, cross.p90),
            ),
          ),
        ),
      ),
      h('p', { class: 'cross-check-note', 'data-position': cross.position }, cross.note),
      surveyCheck(cross.survey),
      h('h3', null, 'How the median is built'),
      tableWrap(null, 'breakdown-caption', breakdown(estimate)),
      h('h3', null, 'Sources for this estimate'),
      h(
        'ol',
        { class: 'source-list' },
        estimate.sources.map((source) =>
          h(
            'li',
            null,
            source.url ? h('a', { href: source.url }, source.title) : source.title,
            '. ' + source.publisher + ', ' + source.year + '.',
            source.republished_by && ' As republished by ',
            source.republished_by &&
              (source.republished_url
                ? h('a', { href: source.republished_url }, source.republished_by)
                : source.republished_by),
            source.republished_by && '.',
          ),
        ),
      ),
      readNextNodes(estimate),
      h(
        'p',
        { class: 'meta' },
        'Estimates are rounded to the nearest $100. Data version ' +
          estimate.data_version +
          ', updated ',
        updatedTime(),
        '. ',
        h('a', { href: '/sources' }, 'How this is calculated'),
        '.',
      ),
    ];
  }

  // ---- Read next: src/web/read_next.rs decides the same on the server -----

  const readNextTemplate = document.getElementById('read-next-guides');
  const PAST_SENIOR_YEARS = 10;
  const NATIONAL_LOCATION = readNextTemplate ? readNextTemplate.dataset.nationalLocation : '';
  const SMALL_COMPANIES = ['startup', 'small'];

  function readNextApplies(when, estimate) {
    const input = estimate.input;
    const small = SMALL_COMPANIES.includes(input.company_size);
    switch (when) {
      case 'freelance':
        return input.employment === 'freelance';
      case 'offer-small':
        return Boolean(input.offer) && small;
      case 'offer':
        return Boolean(input.offer) && !small;
      case 'past-senior':
        return input.years > PAST_SENIOR_YEARS;
      case 'city':
        return input.location !== NATIONAL_LOCATION;
      default:
        return false;
    }
  }

  /** The guides that answer the question this result raises, as the server lists them. */
  function readNextNodes(estimate) {
    if (!readNextTemplate) {
      return [];
    }
    const items = Array.from(readNextTemplate.content.querySelectorAll('li'))
      .filter((item) => readNextApplies(item.dataset.when, estimate))
      .map((item) => document.importNode(item, true));
    if (items.length === 0) {
      return [];
    }
    return [
      h('h3', { id: 'read-next-heading' }, 'Read next'),
      h(
        'ul',
        { class: 'read-next', role: 'list', 'aria-labelledby': 'read-next-heading' },
        items,
      ),
    ];
  }

  /** The result region before any estimate (and beside a form with errors). */
  function emptyNodes() {
    return Array.from(document.importNode(emptyTemplate.content, true).childNodes);
  }

  // ---- Field errors, as the server marks them up ---------------------------

  function tokens(value) {
    return (value || '').split(/\s+/).filter(Boolean);
  }

  // name → where its message goes and which element describes and marks it.
  const fields = new Map();
  for (const control of form.querySelectorAll('[id^="field-"]')) {
    const name = control.id.slice('field-'.length);
    const group = control.tagName === 'FIELDSET';
    const container = group ? control : control.closest('.field');
    const before = group ? control.querySelector('.choice-list') : control;
    if (!container || !before) {
      continue;
    }
    fields.set(name, {
      container,
      control,
      before,
      group,
      describedBy: tokens(control.getAttribute('aria-describedby')).filter(
        (id) => id !== name + '-error',
      ),
    });
  }

  function fieldError(name, message) {
    return h(
      'p',
      { class: 'field-error', id: name + '-error' },
      h('span', { class: 'visually-hidden' }, 'Error: '),
      message,
    );
  }

  function markField(name, field, message) {
    const existing = document.getElementById(name + '-error');
    const describedBy = message ? field.describedBy.concat(name + '-error') : field.describedBy;
    if (message) {
      const shown = existing && existing.lastChild ? existing.lastChild.textContent : null;
      if (shown !== message) {
        const fresh = fieldError(name, message);
        if (existing) {
          existing.replaceWith(fresh);
        } else {
          field.before.before(fresh);
        }
      }
      field.container.classList.add('has-error');
      if (!field.group) {
        field.control.setAttribute('aria-invalid', 'true');
      }
    } else {
      if (existing) {
        existing.remove();
      }
      field.container.classList.remove('has-error');
      field.control.removeAttribute('aria-invalid');
    }
    if (describedBy.length > 0) {
      field.control.setAttribute('aria-describedby', describedBy.join(' '));
    } else {
      field.control.removeAttribute('aria-describedby');
    }
  }

  function errorSummary(errors) {
    return h(
      'div',
      {
        class: 'error-summary',
        role: 'alert',
        'aria-labelledby': 'error-summary-title',
        tabindex: '-1',
      },
      h(
        'h2',
        { id: 'error-summary-title' },
        errors.length === 1 ? 'One answer needs fixing' : errors.length + ' answers need fixing',
      ),
      h(
        'ul',
        null,
        errors.map((error) =>
          h('li', null, h('a', { href: '#field-' + error.field }, error.message)),
        ),
      ),
    );
  }

  /** Shows `errors` (problem+json `errors`; empty clears them). Unchanged parts stay, so nothing is announced twice. */
  function showErrors(errors) {
    const first = new Map();
    for (const error of errors) {
      if (!first.has(error.field)) {
        first.set(error.field, error.message);
      }
    }
    for (const [name, field] of fields) {
      markField(name, field, first.get(name));
    }
    const existing = form.querySelector(':scope > .error-summary');
    if (errors.length === 0) {
      if (existing) {
        existing.remove();
      }
      return null;
    }
    const summary = errorSummary(errors);
    if (existing && existing.isEqualNode(summary)) {
      return existing;
    }
    if (existing) {
      existing.replaceWith(summary);
    } else {
      form.prepend(summary);
    }
    return summary;
  }

  // ---- Updating ------------------------------------------------------------

  const titleSuffix = document.title.includes(' \u00b7 ')
    ? document.title.slice(document.title.lastIndexOf(' \u00b7 '))
    : '';

  /** Replaces everything after the heading of #result in one go. */
  function swapResult(nodes) {
    while (heading.nextSibling) {
      heading.nextSibling.remove();
    }
    append(result, nodes);
  }

  function currentQuery() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  // Live once there is something to keep up to date: a result or errors on
  // the page, or any answer after years of experience has one. Until then a
  // change elsewhere on the empty form does not shout "enter your years".
  let live = Boolean(result.querySelector('.median') || form.querySelector('.error-summary'));
  let shownQuery = live ? currentQuery() : null;
  let timer = 0;
  let controller = null;
  let generation = 0;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => update(false), DEBOUNCE_MS);
  }

  async function update(submitted) {
    window.clearTimeout(timer);
    const query = currentQuery();
    const years = form.elements.namedItem('years');
    if (!submitted && (query === shownQuery || (!live && years && years.value.trim() === ''))) {
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const signal = controller.signal;
    const mine = ++generation;
    result.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch('/api/v1/estimate?' + query, {
        signal,
        headers: { Accept: 'application/json' },
      });
      const body = await response.json();
      let focusTarget;
      if (response.ok) {
        const bounds = body.hourly.basis === 'freelance' ? rates : null;
        const nodes = resultNodes(body, bounds);
        if (mine !== generation) {
          return;
        }
        showErrors([]);
        swapResult(nodes);
        document.title = usd(body.base.median) + ' median: your estimate' + titleSuffix;
        focusTarget = heading;
      } else if (response.status === 422 && Array.isArray(body.errors)) {
        if (mine !== generation) {
          return;
        }
        focusTarget = showErrors(body.errors);
        swapResult(emptyNodes());
        document.title = 'Salary calculator' + titleSuffix;
      } else {
        throw new Error('estimate failed: ' + response.status);
      }
      history.replaceState(history.state, '', '/calculator?' + query);
      shownQuery = query;
      live = true;
      if (submitted && focusTarget) {
        focusTarget.focus();
      }
    } catch (error) {
      // A stale request was aborted: a newer one is on its way. Any other
      // failure leaves the page as it was; a submit falls back to the server.
      if (error.name !== 'AbortError' && submitted && mine === generation) {
        form.submit();
      }
    } finally {
      if (mine === generation) {
        result.removeAttribute('aria-busy');
      }
    }
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    update(true);
  });
})();
