/*
 * Sales ledger dashboard: plain browser JavaScript, no build step. Every chart is filled from this
 * API with the bearer token typed into the page; ECharts is served by the API at /dashboard/echarts.min.js.
 *
 * Each chart container carries data-state (idle | loading | ready | empty | error) and, when ready,
 * data-points (data points drawn), data-total (a number summarising the chart) and data-series, so
 * that a test can check what was rendered without reading pixels.
 */
(function () {
  'use strict';

  const TOKEN_KEY = 'salesLedger.dashboard.token';
  const CHART_IDS = [
    'chart-revenue-by-month',
    'chart-pipeline-by-stage',
    'chart-win-rate-by-agent',
    'chart-forecast',
    'chart-funnel',
    'chart-segments',
    'chart-attainment',
  ];
  const PALETTE = ['#2f6fed', '#19b38a', '#f5a623', '#e5547a', '#8a5cf6', '#13a3c4', '#7a8699', '#c2410c'];
  const STAGE_LABELS = {
    prospecting: 'Prospecting',
    qualification: 'Qualification',
    'needs-analysis': 'Needs analysis',
    proposal: 'Proposal',
    negotiation: 'Negotiation',
    won: 'Won',
  };
  const CATEGORY_ORDER = ['closed', 'commit', 'best-case', 'pipeline'];
  const CATEGORY_LABELS = { closed: 'Closed (won)', commit: 'Commit', 'best-case': 'Best case', pipeline: 'Pipeline' };
  const CATEGORY_COLORS = { closed: '#19b38a', commit: '#2f6fed', 'best-case': '#f5a623', pipeline: '#a9bde3' };
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  const AXIS_INK = '#5d6b82';
  const GRID_LINE = '#e8ecf2';

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const byId = (id) => document.getElementById(id);
  const form = byId('controls');
  const fields = {
    token: byId('token'),
    from: byId('from'),
    to: byId('to'),
    manager: byId('manager'),
    region: byId('region'),
    product: byId('product'),
    quarter: byId('quarter'),
  };
  const statusLine = byId('status');
  const identity = byId('identity');
  const loadButton = byId('load');

  /* ---------- formatting ---------- */

  const integer = new Intl.NumberFormat('en-US');
  const decimalsByCurrency = new Map();

  /** Minor units are in the currency's own decimals (2 for USD, 0 for JPY), as the API stores them. */
  function decimalsOf(currency) {
    if (!decimalsByCurrency.has(currency)) {
      let digits = 2;
      try {
        digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits;
      } catch {
        digits = 2;
      }
      decimalsByCurrency.set(currency, digits);
    }
    return decimalsByCurrency.get(currency);
  }

  const major = (amountMinor, currency) => amountMinor / 10 ** decimalsOf(currency);

  function money(amountMinor, currency) {
    const digits = decimalsOf(currency);
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits }).format(
        major(amountMinor, currency),
      );
    } catch {
      return `${integer.format(major(amountMinor, currency))} ${currency}`;
    }
  }

  /** Axis labels: $1.2M rather than 1200000. */
  function compactMoney(value, currency) {
    try {
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(value);
    } catch {
      return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    }
  }

  const percent = (ratio, digits = 1) => `${(ratio * 100).toFixed(digits)} %`;
  const sum = (values) => values.reduce((total, value) => total + (Number(value) || 0), 0);
  const unique = (values) => [...new Set(values)];
  const stageLabel = (stage) => STAGE_LABELS[stage] || stage;

  function monthLabel(key) {
    const match = /^(\d{4})-(\d{2})$/.exec(key);
    if (!match) return key;
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
    return date.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  /** An axis label: the month over its year, so that every month of a year fits. */
  const monthTick = (key) => monthLabel(key).replace(' ', '\n');

  function moneyTotals(rows, amountOf) {
    const totals = new Map();
    for (const row of rows) totals.set(row.currency, (totals.get(row.currency) || 0) + amountOf(row));
    return [...totals].map(([currency, amount]) => money(amount, currency)).join(' + ') || money(0, 'USD');
  }

  /* ---------- the API ---------- */

  class ApiError extends Error {
    constructor(status, code, detail) {
      super(detail);
      this.status = status;
      this.code = code;
      this.detail = detail;
    }

    describe() {
      if (this.status === 0) return this.detail;
      const reason = this.status === 401 ? 'Unauthorized' : this.status === 403 ? 'Forbidden' : '';
      return `${this.status}${reason ? ` ${reason}` : ''} (${this.code}): ${this.detail}`;
    }
  }

  let token = '';
  /** The token the manager, region and product choices were loaded with. */
  let choicesToken = null;
  let activeLoad = null;
  let loadCount = 0;

  async function api(path, params, signal) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    let response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (signal && signal.aborted) throw error;
      throw new ApiError(0, 'network', `The API did not answer (${error.message})`);
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok) {
      const code = (body && body.code) || `http-${response.status}`;
      const detail = (body && (body.detail || body.title)) || response.statusText || 'request failed';
      throw new ApiError(response.status, code, detail);
    }
    return body;
  }

  /** Who the token says the caller is; only to scope and label the page (the API checks the token). */
  function tokenClaims(jwt) {
    try {
      const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(
        [...atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '='))]
          .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
          .join(''),
      );
      const claims = JSON.parse(json);
      return {
        userId: typeof claims.sub === 'string' ? claims.sub : null,
        role: typeof claims.role === 'string' ? claims.role : null,
      };
    } catch {
      return { userId: null, role: null };
    }
  }

  /* ---------- chart containers ---------- */

  const instances = new Map();

  function setSummary(id, text) {
    const summary = document.querySelector(`[data-summary-for="${id}"]`);
    if (summary) summary.textContent = text;
  }

  function clearChartData(element) {
    delete element.dataset.points;
    delete element.dataset.total;
    delete element.dataset.series;
  }

  function setLoading(id) {
    const element = byId(id);
    element.dataset.state = 'loading';
    clearChartData(element);
  }

  function showMessage(id, state, text) {
    const element = byId(id);
    const chart = instances.get(id);
    if (chart) {
      chart.dispose();
      instances.delete(id);
    }
    element.replaceChildren();
    const message = document.createElement('p');
    message.className = 'chart-message';
    message.textContent = text;
    element.appendChild(message);
    clearChartData(element);
    element.dataset.state = state;
  }

  function draw(id, option, stats) {
    const element = byId(id);
    const stale = element.querySelector('.chart-message');
    if (stale) stale.remove();
    let chart = instances.get(id);
    if (!chart) {
      chart = echarts.init(element, null, { renderer: 'canvas' });
      instances.set(id, chart);
    }
    chart.setOption(option, { notMerge: true });
    element.dataset.points = String(stats.points);
    element.dataset.total = String(stats.total);
    element.dataset.series = String(stats.series);
    element.dataset.state = 'ready';
  }

  /* ---------- shared ECharts options ---------- */

  /** Tooltips render on the canvas (richText): HTML tooltips carry inline styles, which the page's CSP refuses. */
  function tooltip(extra) {
    return {
      renderMode: 'richText',
      confine: true,
      backgroundColor: 'rgba(16, 27, 46, 0.94)',
      borderWidth: 0,
      padding: [8, 12],
      textStyle: { color: '#ffffff', fontSize: 12, lineHeight: 18, fontFamily: FONT },
      ...extra,
    };
  }

  function baseOption(extra) {
    return {
      animation: !reducedMotion,
      animationDuration: 450,
      color: PALETTE,
      textStyle: { fontFamily: FONT, color: AXIS_INK },
      grid: { left: 8, right: 16, top: 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
      legend: { top: 4, itemWidth: 14, itemHeight: 10, itemGap: 16, textStyle: { color: AXIS_INK, fontSize: 12 } },
      ...extra,
    };
  }

  const categoryAxis = (data, extra) => ({
    type: 'category',
    data,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#c6cedb' } },
    axisLabel: { color: AXIS_INK, fontSize: 12, interval: 0 },
    ...extra,
  });

  const valueAxis = (extra) => ({
    type: 'value',
    splitLine: { lineStyle: { color: GRID_LINE } },
    axisLabel: { color: AXIS_INK, fontSize: 12 },
    nameTextStyle: { color: AXIS_INK, fontSize: 12 },
    ...extra,
  });

  /* ---------- filters ---------- */

  function monthBounds(month, end) {
    if (!month) return undefined;
    if (!end) return `${month}-01`;
    const [year, monthNumber] = month.split('-').map(Number);
    const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    return `${month}-${String(lastDay).padStart(2, '0')}`;
  }

  function readFilters() {
    return {
      from: fields.from.value.trim(),
      to: fields.to.value.trim(),
      manager: fields.manager.value,
      region: fields.region.value,
      product: fields.product.value,
      quarter: fields.quarter.value,
    };
  }

  /** The filters a chart applied, and those set but not taken by its endpoint (`quiet`: neither, e.g. the quarter replaces the period). */
  function filterWords(filters, accepted, quiet = []) {
    const words = [];
    if (accepted.includes('period') && (filters.from || filters.to))
      words.push(
        `${filters.from ? monthLabel(filters.from) : 'start'} – ${filters.to ? monthLabel(filters.to) : 'now'}`,
      );
    if (accepted.includes('manager') && filters.manager)
      words.push(`team of ${fields.manager.selectedOptions[0].textContent}`);
    if (accepted.includes('region') && filters.region) words.push(`${filters.region} region`);
    if (accepted.includes('product') && filters.product) words.push(fields.product.selectedOptions[0].textContent);
    const isSet = {
      period: Boolean(filters.from || filters.to),
      manager: Boolean(filters.manager),
      region: Boolean(filters.region),
      product: Boolean(filters.product),
    };
    const ignored = Object.keys(isSet).filter(
      (name) => isSet[name] && !accepted.includes(name) && !quiet.includes(name),
    );
    if (ignored.length)
      words.push(
        `${new Intl.ListFormat('en', { type: 'conjunction' }).format(ignored)} filter${ignored.length > 1 ? 's' : ''} not available here`,
      );
    return words.length ? ` · ${words.join(' · ')}` : '';
  }

  function quarterOptions() {
    const now = new Date();
    const current = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
    const quarters = ['2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4'];
    if (!quarters.includes(current)) quarters.push(current);
    fields.quarter.replaceChildren(
      ...quarters.map((quarter) => {
        const option = document.createElement('option');
        option.value = quarter;
        option.textContent = quarter === current ? `${quarter} (current)` : quarter;
        return option;
      }),
    );
    fields.quarter.value = '2017-Q4';
  }

  function fillSelect(select, allLabel, entries) {
    const previous = select.value;
    const all = document.createElement('option');
    all.value = '';
    all.textContent = allLabel;
    select.replaceChildren(
      all,
      ...entries.map(([value, label]) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = label;
        return option;
      }),
    );
    select.value = entries.some(([value]) => value === previous) ? previous : '';
  }

  /** Every member of the team directory the caller sees, page after page. */
  async function teamMembers(signal) {
    const members = [];
    let cursor;
    do {
      const page = await api('/team', { limit: 500, cursor }, signal);
      members.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return members;
  }

  async function loadFilterChoices(signal) {
    const [team, products] = await Promise.allSettled([teamMembers(signal), api('/products', {}, signal)]);
    if (team.status === 'fulfilled' && Array.isArray(team.value)) {
      const members = team.value;
      const managers = members
        .filter((member) => member.role === 'manager')
        .sort((a, b) => a.name.localeCompare(b.name));
      fillSelect(
        fields.manager,
        'All managers',
        managers.map((member) => [member.userId, member.name]),
      );
      const regions = unique(members.map((member) => member.regionalOffice).filter(Boolean)).sort();
      fillSelect(
        fields.region,
        'All regions',
        regions.map((region) => [region, region]),
      );
    }
    if (products.status === 'fulfilled' && products.value) {
      const items = Array.isArray(products.value) ? products.value : products.value.items || [];
      const sorted = [...items].sort((a, b) => String(a.name).localeCompare(String(b.name)));
      fillSelect(
        fields.product,
        'All products',
        sorted.map((product) => [product.id, product.name]),
      );
    }
    return team.status === 'fulfilled' && products.status === 'fulfilled';
  }

  /* ---------- the seven charts ---------- */

  /** The filters every report takes, as query parameters. */
  function reportFilters(filters) {
    return { from: filters.from, to: filters.to, manager: filters.manager, region: filters.region, product: filters.product };
  }

  async function revenueChart(filters, signal) {
    const report = await api(
      '/reports/revenue',
      {
        by: 'month',
        ...reportFilters(filters),
      },
      signal,
    );
    const rows = report.rows || [];
    if (rows.length === 0) return null;
    const months = unique(rows.map((row) => row.key)).sort();
    const currencies = unique(rows.map((row) => row.currency));
    const cell = (month, currency) => rows.find((row) => row.key === month && row.currency === currency);
    const counts = months.map((month) => sum(rows.filter((row) => row.key === month).map((row) => row.wonCount)));
    const bars = currencies.map((currency, index) => ({
      name: currencies.length > 1 ? `Won (${currency})` : 'Won',
      type: 'bar',
      yAxisIndex: 0,
      barMaxWidth: 38,
      itemStyle: { color: PALETTE[index % PALETTE.length], borderRadius: [4, 4, 0, 0] },
      data: months.map((month) => {
        const row = cell(month, currency);
        return row ? major(row.wonAmountMinor, currency) : 0;
      }),
    }));
    const line = {
      name: 'Deals won',
      type: 'line',
      yAxisIndex: 1,
      smooth: true,
      symbolSize: 6,
      itemStyle: { color: '#f5a623' },
      lineStyle: { width: 2 },
      data: counts,
    };
    const option = baseOption({
      tooltip: tooltip({
        trigger: 'axis',
        formatter: (params) => {
          const month = months[params[0].dataIndex];
          const lines = [rows.find((row) => row.key === month).label || monthLabel(month)];
          for (const currency of currencies) {
            const row = cell(month, currency);
            if (row) lines.push(`Won: ${money(row.wonAmountMinor, currency)}`);
          }
          lines.push(`Deals won: ${integer.format(counts[params[0].dataIndex])}`);
          return lines.join('\n');
        },
      }),
      xAxis: categoryAxis(months.map(monthTick), {
        axisLabel: { color: AXIS_INK, fontSize: 11, interval: 0, lineHeight: 14 },
      }),
      yAxis: [
        valueAxis({
          axisLabel: { color: AXIS_INK, fontSize: 12, formatter: (value) => compactMoney(value, currencies[0]) },
        }),
        valueAxis({
          splitLine: { show: false },
          axisLabel: { color: AXIS_INK, fontSize: 12, formatter: (value) => integer.format(value) },
        }),
      ],
      series: [...bars, line],
    });
    const totalMinor = sum(rows.map((row) => row.wonAmountMinor));
    const summary = `Won ${moneyTotals(rows, (row) => row.wonAmountMinor)} · ${integer.format(sum(counts))} deals · ${months.length} months`;
    return { option, stats: { points: rows.length, total: totalMinor, series: bars.length + 1 }, summary };
  }

  async function pipelineChart(filters, scope, signal) {
    const answer = await api(
      '/pipeline',
      { ownerId: scope.ownerId, closeFrom: monthBounds(filters.from, false), closeTo: monthBounds(filters.to, true) },
      signal,
    );
    const stages = answer.stages || [];
    const openDeals = sum(stages.map((stage) => stage.count));
    if (stages.length === 0 || openDeals === 0) return null;
    const entries = stages.flatMap((stage) => stage.byCurrency || []);
    const currencies = unique(entries.map((entry) => entry.currency));
    const amountsOf = (currency, field) =>
      stages.map((stage) => {
        const entry = (stage.byCurrency || []).find((candidate) => candidate.currency === currency);
        return entry ? major(entry[field], currency) : 0;
      });
    const series = currencies.flatMap((currency, index) => {
      const suffix = currencies.length > 1 ? ` (${currency})` : '';
      return [
        {
          name: `Total${suffix}`,
          type: 'bar',
          barMaxWidth: 42,
          itemStyle: { color: PALETTE[(index * 2) % PALETTE.length], borderRadius: [4, 4, 0, 0] },
          label:
            index === 0
              ? {
                  show: true,
                  position: 'top',
                  color: AXIS_INK,
                  fontSize: 11,
                  formatter: (params) => `${integer.format(stages[params.dataIndex].count)} deals`,
                }
              : { show: false },
          data: amountsOf(currency, 'totalAmountMinor'),
        },
        {
          name: `Weighted${suffix}`,
          type: 'bar',
          barMaxWidth: 42,
          itemStyle: { color: PALETTE[(index * 2 + 1) % PALETTE.length], borderRadius: [4, 4, 0, 0] },
          data: amountsOf(currency, 'weightedAmountMinor'),
        },
      ];
    });
    const option = baseOption({
      tooltip: tooltip({
        trigger: 'axis',
        formatter: (params) => {
          const stage = stages[params[0].dataIndex];
          const lines = [`${stageLabel(stage.stage)}: ${integer.format(stage.count)} open deals`];
          for (const entry of stage.byCurrency || []) {
            lines.push(`Total: ${money(entry.totalAmountMinor, entry.currency)}`);
            lines.push(`Weighted: ${money(entry.weightedAmountMinor, entry.currency)}`);
          }
          return lines.join('\n');
        },
      }),
      xAxis: categoryAxis(stages.map((stage) => stageLabel(stage.stage))),
      yAxis: valueAxis({
        axisLabel: { color: AXIS_INK, fontSize: 12, formatter: (value) => compactMoney(value, currencies[0] || 'USD') },
      }),
      series,
    });
    const summary = `${integer.format(openDeals)} open deals · ${moneyTotals(entries, (entry) => entry.totalAmountMinor)} total · ${moneyTotals(entries, (entry) => entry.weightedAmountMinor)} weighted`;
    return { option, stats: { points: stages.length, total: openDeals, series: series.length }, summary };
  }

  async function winRateChart(filters, signal) {
    const report = await api(
      '/reports/win-rate',
      {
        by: 'agent',
        ...reportFilters(filters),
      },
      signal,
    );
    const rows = [...(report.rows || [])].sort(
      (a, b) => (b.winRate || 0) - (a.winRate || 0) || a.label.localeCompare(b.label),
    );
    if (rows.length === 0) return null;
    const won = sum(rows.map((row) => row.won));
    const decided = won + sum(rows.map((row) => row.lost));
    const overall = decided === 0 ? 0 : won / decided;
    const option = baseOption({
      legend: { show: false },
      grid: { left: 8, right: 24, top: 28, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
      tooltip: tooltip({
        trigger: 'axis',
        formatter: (params) => {
          const row = rows[params[0].dataIndex];
          return [
            row.label,
            `Win rate: ${percent(row.winRate || 0)}`,
            `Won ${integer.format(row.won)} · Lost ${integer.format(row.lost)}`,
          ].join('\n');
        },
      }),
      xAxis: categoryAxis(
        rows.map((row) => row.label),
        {
          axisLabel: {
            color: AXIS_INK,
            fontSize: 11,
            interval: 0,
            rotate: rows.length > 8 ? 40 : 0,
            hideOverlap: false,
          },
        },
      ),
      yAxis: valueAxis({
        min: 0,
        max: 100,
        axisLabel: { color: AXIS_INK, fontSize: 12, formatter: (value) => `${value} %` },
      }),
      series: [
        {
          name: 'Win rate',
          type: 'bar',
          barMaxWidth: 40,
          itemStyle: { color: '#2f6fed', borderRadius: [4, 4, 0, 0] },
          label: {
            show: rows.length <= 40,
            position: 'top',
            fontSize: 10,
            color: AXIS_INK,
            formatter: (params) => `${Math.round(params.value)}`,
          },
          data: rows.map((row) => Number(((row.winRate || 0) * 100).toFixed(2))),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#e5547a', type: 'dashed', width: 1.5 },
            label: {
              position: 'insideEndTop',
              color: '#c2185b',
              fontSize: 11,
              formatter: `Overall ${percent(overall)}`,
            },
            data: [{ yAxis: Number((overall * 100).toFixed(2)) }],
          },
        },
      ],
    });
    const summary = `${rows.length} ${rows.length === 1 ? 'agent' : 'agents'} · overall ${percent(overall)} (${integer.format(won)} won of ${integer.format(decided)} decided)`;
    return { option, stats: { points: rows.length, total: decided, series: 1 }, summary };
  }

  async function forecastChart(filters, scope, signal) {
    const answer = await api(
      '/forecast',
      { ownerId: scope.ownerId, fromMonth: filters.from, toMonth: filters.to },
      signal,
    );
    const rows = answer.rows || [];
    if (rows.length === 0) return null;
    const months = unique(rows.map((row) => row.month)).sort();
    const currencies = unique(rows.map((row) => row.currency));
    const present = unique(rows.map((row) => row.forecastCategory));
    const categories = [
      ...CATEGORY_ORDER.filter((category) => present.includes(category)),
      ...present.filter((category) => !CATEGORY_ORDER.includes(category)),
    ];
    const series = currencies.flatMap((currency) =>
      categories.map((category) => ({
        name: `${CATEGORY_LABELS[category] || category}${currencies.length > 1 ? ` (${currency})` : ''}`,
        type: 'bar',
        stack: currency,
        barMaxWidth: 34,
        itemStyle: { color: CATEGORY_COLORS[category] || undefined },
        emphasis: { focus: 'series' },
        data: months.map((month) => {
          const row = rows.find(
            (candidate) =>
              candidate.month === month && candidate.currency === currency && candidate.forecastCategory === category,
          );
          return row ? major(row.weightedAmountMinor, currency) : 0;
        }),
      })),
    );
    const option = baseOption({
      tooltip: tooltip({
        trigger: 'axis',
        formatter: (params) => {
          const month = months[params[0].dataIndex];
          const lines = [monthLabel(month)];
          for (const category of categories) {
            for (const row of rows.filter(
              (candidate) => candidate.month === month && candidate.forecastCategory === category,
            )) {
              lines.push(
                `${CATEGORY_LABELS[category] || category}: ${money(row.weightedAmountMinor, row.currency)} (${integer.format(row.count)} deals, ${money(row.amountMinor, row.currency)} unweighted)`,
              );
            }
          }
          return lines.join('\n');
        },
      }),
      xAxis: categoryAxis(months.map(monthTick), {
        axisLabel: { color: AXIS_INK, fontSize: 11, interval: 0, lineHeight: 14 },
      }),
      yAxis: valueAxis({
        axisLabel: { color: AXIS_INK, fontSize: 12, formatter: (value) => compactMoney(value, currencies[0]) },
      }),
      series,
    });
    const weighted = sum(rows.map((row) => row.weightedAmountMinor));
    const summary = `${moneyTotals(rows, (row) => row.weightedAmountMinor)} weighted of ${moneyTotals(rows, (row) => row.amountMinor)} · ${integer.format(sum(rows.map((row) => row.count)))} deals`;
    return { option, stats: { points: rows.length, total: weighted, series: series.length }, summary };
  }

  async function funnelChart(filters, signal) {
    const report = await api(
      '/reports/funnel',
      {
        ...reportFilters(filters),
      },
      signal,
    );
    const rows = report.rows || [];
    if (rows.length === 0 || sum(rows.map((row) => row.reached)) === 0) return null;
    const first = rows[0].reached || 0;
    const last = rows[rows.length - 1].reached || 0;
    const option = baseOption({
      legend: { show: false },
      tooltip: tooltip({
        trigger: 'item',
        formatter: (params) => {
          const row = rows[params.dataIndex];
          const lines = [`${row.label}: ${integer.format(row.reached)} deals`];
          if (first > 0) lines.push(`${percent(row.reached / first)} of those opened`);
          if (row.conversionToNext !== null && row.conversionToNext !== undefined)
            lines.push(`On to the next stage: ${percent(row.conversionToNext)}`);
          if (row.medianDaysInStage !== null && row.medianDaysInStage !== undefined)
            lines.push(`Median days in stage: ${integer.format(row.medianDaysInStage)}`);
          return lines.join('\n');
        },
      }),
      series: [
        {
          name: 'Funnel',
          type: 'funnel',
          sort: 'none',
          left: '6%',
          right: '30%',
          top: 16,
          bottom: 16,
          minSize: '18%',
          gap: 3,
          itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
          label: {
            show: true,
            position: 'inside',
            color: '#ffffff',
            fontSize: 12,
            fontWeight: 600,
            formatter: (params) => integer.format(params.value),
          },
          labelLine: { show: false },
          data: rows.map((row, index) => ({
            name: row.label,
            value: row.reached,
            itemStyle: { color: PALETTE[index % PALETTE.length] },
            label: { show: true },
          })),
        },
        {
          name: 'Stages',
          type: 'funnel',
          sort: 'none',
          left: '6%',
          right: '30%',
          top: 16,
          bottom: 16,
          minSize: '18%',
          gap: 3,
          silent: true,
          itemStyle: { color: 'transparent', borderColor: 'transparent' },
          label: {
            show: true,
            position: 'right',
            color: '#1b2433',
            fontSize: 12,
            formatter: (params) => {
              const row = rows[params.dataIndex];
              return row.conversionToNext === null || row.conversionToNext === undefined
                ? row.label
                : `${row.label} · ${percent(row.conversionToNext, 0)} go on`;
            },
          },
          labelLine: { show: true, length: 12, lineStyle: { color: '#c6cedb' } },
          data: rows.map((row) => ({ name: row.label, value: row.reached })),
        },
      ],
    });
    const total = sum(rows.map((row) => row.reached));
    const summary = `${integer.format(first)} opened · ${integer.format(last)} ${rows[rows.length - 1].label.toLowerCase()}${first > 0 ? ` (${percent(last / first)})` : ''}`;
    return { option, stats: { points: rows.length, total, series: 1 }, summary };
  }

  async function segmentsChart(signal) {
    const report = await api('/reports/segments', { seed: 1 }, signal);
    const segmentation = report.segmentation;
    const points = (segmentation && segmentation.points) || [];
    if (points.length === 0) return null;
    const currency = report.currency || 'USD';
    const accounts = new Map((report.rows || []).map((row) => [row.key, row]));
    const segments = [...segmentation.segments].sort((a, b) => a.cluster - b.cluster);
    const series = segments.map((segment, index) => ({
      name: `${segment.label} (${segment.size})`,
      type: 'scatter',
      symbolSize: 10,
      itemStyle: { color: PALETTE[index % PALETTE.length], opacity: 0.8, borderColor: '#ffffff', borderWidth: 1 },
      emphasis: { focus: 'series', scale: 1.4 },
      data: points
        .filter((point) => point.cluster === segment.cluster)
        .map((point) => ({ value: [point.x, point.y], name: point.name, accountId: point.accountId })),
    }));
    const option = baseOption({
      legend: { top: 4, type: 'scroll', itemWidth: 10, itemHeight: 10, textStyle: { color: AXIS_INK, fontSize: 12 } },
      grid: { left: 8, right: 24, top: 44, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
      tooltip: tooltip({
        trigger: 'item',
        formatter: (params) => {
          const account = accounts.get(params.data.accountId);
          const lines = [params.data.name, `Segment: ${segments[params.seriesIndex].label}`];
          if (account) {
            lines.push(`Won: ${integer.format(account.wonCount)} deals, ${money(account.wonAmountMinor, currency)}`);
            if (account.recencyDays !== null && account.recencyDays !== undefined)
              lines.push(`Last win: ${integer.format(account.recencyDays)} days before ${report.asOf}`);
            if (account.sector) lines.push(`Sector: ${account.sector}`);
          }
          return lines.join('\n');
        },
      }),
      xAxis: valueAxis({
        name: 'Value (won amount, z-score of log)',
        nameLocation: 'middle',
        nameGap: 26,
        scale: true,
      }),
      yAxis: valueAxis({ name: 'Frequency (won deals, z)', nameLocation: 'middle', nameGap: 36, scale: true }),
      series,
    });
    const summary = `${integer.format(points.length)} accounts in ${segments.length} segments (k by ${segmentation.chosenBy === 'silhouette' ? 'silhouette score' : 'request'}) · as of ${report.asOf}`;
    return { option, stats: { points: points.length, total: points.length, series: series.length }, summary };
  }

  async function attainmentChart(filters, signal) {
    const report = await api(
      '/reports/attainment',
      { period: filters.quarter, manager: filters.manager, region: filters.region, product: filters.product },
      signal,
    );
    const all = report.rows || [];
    const teams = all.filter((row) => row.kind === 'team');
    const rows = teams.length > 0 ? teams : all.filter((row) => row.kind === 'agent');
    if (rows.length === 0) return null;
    const currencies = unique(rows.map((row) => row.currency));
    const labelOf = (row) =>
      `${row.kind === 'team' ? row.label.replace(/'s team$/, '') : row.label}${currencies.length > 1 ? ` (${row.currency})` : ''}`;
    const hasTargets = rows.some((row) => row.targetMinor !== null && row.targetMinor !== undefined);
    const series = [
      {
        name: 'Won',
        type: 'bar',
        barMaxWidth: 34,
        itemStyle: { color: '#19b38a', borderRadius: [4, 4, 0, 0] },
        label: {
          show: hasTargets,
          position: 'top',
          fontSize: 11,
          color: AXIS_INK,
          formatter: (params) => {
            const row = rows[params.dataIndex];
            return row.attainment === null || row.attainment === undefined ? '' : percent(row.attainment, 0);
          },
        },
        data: rows.map((row) => major(row.wonMinor, row.currency)),
      },
    ];
    if (hasTargets) {
      series.push({
        name: 'Target',
        type: 'bar',
        barMaxWidth: 34,
        itemStyle: { color: '#7a8699', borderRadius: [4, 4, 0, 0] },
        data: rows.map((row) =>
          row.targetMinor === null || row.targetMinor === undefined ? null : major(row.targetMinor, row.currency),
        ),
      });
    }
    series.push({
      name: 'Open weighted pipeline',
      type: 'bar',
      barMaxWidth: 34,
      itemStyle: { color: '#a9bde3', borderRadius: [4, 4, 0, 0] },
      data: rows.map((row) => major(row.openWeightedMinor, row.currency)),
    });
    const option = baseOption({
      tooltip: tooltip({
        trigger: 'axis',
        formatter: (params) => {
          const row = rows[params[0].dataIndex];
          const lines = [row.label, `Won: ${money(row.wonMinor, row.currency)}`];
          lines.push(
            row.targetMinor === null || row.targetMinor === undefined
              ? 'Target: not set'
              : `Target: ${money(row.targetMinor, row.currency)}`,
          );
          if (row.attainment !== null && row.attainment !== undefined)
            lines.push(`Attainment: ${percent(row.attainment)}`);
          lines.push(
            `Open pipeline: ${money(row.openPipelineMinor, row.currency)} (weighted ${money(row.openWeightedMinor, row.currency)})`,
          );
          if (row.coverage !== null && row.coverage !== undefined)
            lines.push(`Coverage of the rest: ${percent(row.coverage)}`);
          return lines.join('\n');
        },
      }),
      xAxis: categoryAxis(rows.map(labelOf), {
        axisLabel: { color: AXIS_INK, fontSize: 11, interval: 0, rotate: rows.length > 7 ? 35 : 0, hideOverlap: false },
      }),
      yAxis: valueAxis({
        axisLabel: { color: AXIS_INK, fontSize: 12, formatter: (value) => compactMoney(value, currencies[0]) },
      }),
      series,
    });
    const wonMinor = sum(rows.map((row) => row.wonMinor));
    const targets = rows.filter((row) => row.targetMinor !== null && row.targetMinor !== undefined);
    const targetWords =
      targets.length === 0 ? 'no targets set' : `target ${moneyTotals(targets, (row) => row.targetMinor)}`;
    const unit = teams.length > 0 ? (rows.length === 1 ? 'team' : 'teams') : rows.length === 1 ? 'agent' : 'agents';
    const summary = `${report.by || filters.quarter}: won ${moneyTotals(rows, (row) => row.wonMinor)} · ${targetWords} · ${rows.length} ${unit}`;
    return { option, stats: { points: rows.length, total: wonMinor, series: series.length }, summary };
  }

  /* ---------- loading ---------- */

  function setStatus(kind, text) {
    statusLine.dataset.kind = kind;
    statusLine.textContent = text;
  }

  function showIdentity(claims) {
    if (!claims.userId && !claims.role) {
      identity.hidden = true;
      return;
    }
    identity.hidden = false;
    identity.textContent = `Signed in as ${claims.userId || 'unknown'}${claims.role ? ` · ${claims.role}` : ''}`;
  }

  async function load() {
    const entered = fields.token.value.trim().replace(/^Bearer\s+/i, '');
    if (!entered) {
      setStatus('error', 'Paste a bearer token first.');
      fields.token.focus();
      return;
    }
    const period = readFilters();
    if (period.from && period.to && period.from > period.to) {
      setStatus('error', `From (${period.from}) is after To (${period.to}).`);
      return;
    }
    token = entered;
    sessionStorage.setItem(TOKEN_KEY, token);
    if (activeLoad) activeLoad.abort();
    const controller = new AbortController();
    activeLoad = controller;
    const { signal } = controller;
    const claims = tokenClaims(token);
    showIdentity(claims);
    /** A rep's /pipeline and /forecast are narrowed to their own deals; a manager's are scoped by the API. */
    const scope = { ownerId: claims.role === 'rep' && claims.userId ? claims.userId : undefined };
    for (const id of CHART_IDS) setLoading(id);
    setStatus('busy', 'Loading…');
    loadButton.disabled = true;
    const started = performance.now();
    // Another token may see other managers, regions or products: the choices come first, so that no chart is asked for one it cannot see.
    if (choicesToken !== token) {
      const loaded = await loadFilterChoices(signal).catch(() => false);
      if (signal.aborted) return;
      if (loaded) choicesToken = token;
    }
    const filters = readFilters();

    const filterNotes = {
      'chart-revenue-by-month': filterWords(filters, ['period', 'manager', 'region', 'product']),
      'chart-pipeline-by-stage': filterWords(filters, ['period']),
      'chart-win-rate-by-agent': filterWords(filters, ['period', 'manager', 'region', 'product']),
      'chart-forecast': filterWords(filters, ['period']),
      'chart-funnel': filterWords(filters, ['period', 'manager', 'region', 'product']),
      'chart-segments': filterWords(filters, []),
      'chart-attainment': filterWords(filters, ['manager', 'region', 'product'], ['period']),
    };
    const jobs = {
      'chart-revenue-by-month': () => revenueChart(filters, signal),
      'chart-pipeline-by-stage': () => pipelineChart(filters, scope, signal),
      'chart-win-rate-by-agent': () => winRateChart(filters, signal),
      'chart-forecast': () => forecastChart(filters, scope, signal),
      'chart-funnel': () => funnelChart(filters, signal),
      'chart-segments': () => segmentsChart(signal),
      'chart-attainment': () => attainmentChart(filters, signal),
    };

    const failures = [];
    await Promise.all(
      CHART_IDS.map(async (id) => {
        try {
          const result = await jobs[id]();
          if (signal.aborted) return;
          if (result === null) {
            showMessage(id, 'empty', 'no data');
            setSummary(id, `No data${filterNotes[id]}`);
          } else {
            draw(id, result.option, result.stats);
            setSummary(id, `${result.summary}${filterNotes[id]}`);
          }
        } catch (error) {
          if (signal.aborted) return;
          const described =
            error instanceof ApiError
              ? error.describe()
              : `Could not draw the chart: ${error && error.message ? error.message : error}`;
          failures.push({ id, error, described });
          showMessage(id, 'error', described);
          setSummary(id, '');
        }
      }),
    );
    if (signal.aborted) return;
    activeLoad = null;
    loadButton.disabled = false;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (failures.length === 0) {
      setStatus('ok', `Loaded ${CHART_IDS.length} charts in ${seconds} s.`);
    } else {
      const first =
        failures.find(
          (failure) =>
            failure.error instanceof ApiError && (failure.error.status === 401 || failure.error.status === 403),
        ) || failures[0];
      const prefix =
        failures.length === CHART_IDS.length
          ? 'Nothing loaded'
          : `${failures.length} of ${CHART_IDS.length} charts failed`;
      setStatus('error', `${prefix}: ${first.described}`);
    }
    loadCount += 1;
    document.body.dataset.loadCount = String(loadCount);
  }

  function resetFilters() {
    fields.from.value = '';
    fields.to.value = '';
    fields.manager.value = '';
    fields.region.value = '';
    fields.product.value = '';
    fields.quarter.value = '2017-Q4';
  }

  /* ---------- start ---------- */

  if (typeof echarts === 'undefined') {
    setStatus('error', 'ECharts did not load (/dashboard/echarts.min.js); the charts cannot be drawn.');
    return;
  }

  quarterOptions();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  byId('reset').addEventListener('click', () => resetFilters());

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const chart of instances.values()) chart.resize();
    }, 120);
  });

  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (stored) {
    fields.token.value = stored;
    void load();
  }
})();
