// The report's stylesheet, inline (the page fetches nothing). Dense and plain, like a console:
// system fonts, monospaced ids, severity colours that read in print and for colour-blind eyes
// (every badge also says its severity in words).
/**
 * Until the script takes over, only the first 500 rows are laid out (laying out thousands while
 * the page is parsed takes minutes); should the script fail, those stay readable. Once it runs,
 * the script keeps only the rows it shows in the table and removes this sheet.
 */
export const EARLY_ROWS_STYLE = '.js tbody.finding:nth-of-type(n+501){display:none}';

export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--band:#f6f8fa;--high:#b42318;--medium:#b54708;--low:#8a6d00;--info:#3d5a80;--gap:#b42318}
*{box-sizing:border-box}
body{margin:0;padding:16px 24px 40px;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}h3{font-size:13px;margin:14px 0 4px}
.id,.ports,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
.name{color:var(--muted)}.muted{color:var(--muted)}
.facts-line{margin:2px 0}
.counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:12px 0}
.count{border:1px solid var(--line);border-left-width:5px;border-radius:4px;padding:6px 12px;min-width:120px;background:var(--band)}
.count .n{font-size:20px;font-weight:600;margin-right:4px}.count a{color:inherit;text-decoration:none}
.sev-card-high{border-left-color:var(--high)}.sev-card-medium{border-left-color:var(--medium)}.sev-card-low{border-left-color:var(--low)}.sev-card-informational{border-left-color:var(--info)}
.gap-card{border-color:var(--gap);background:#fef3f2}.no-gap-card{border-left-color:#1a7f37}
.gap-banner,.gap-note{border:1px solid var(--gap);background:#fef3f2;padding:6px 10px;border-radius:4px}
.size-note{border:1px solid var(--line);background:var(--band);padding:6px 10px;border-radius:4px}
.sev{display:inline-block;min-width:84px;padding:0 6px;border-radius:3px;font-size:11px;font-weight:600;color:#fff;text-align:center}
.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-informational{background:var(--info)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:3px 6px;border-bottom:1px solid var(--line)}
thead th{background:var(--band);position:sticky;top:0;z-index:1;white-space:nowrap}
th button.sort{all:unset;cursor:pointer;font-weight:600}
.js th button.sort::after{content:" \\2195";color:var(--muted);font-weight:400}
th[aria-sort=ascending] button.sort::after{content:" \\25B2";color:var(--fg)}th[aria-sort=descending] button.sort::after{content:" \\25BC";color:var(--fg)}
#findings td.senders,#findings td.ports{max-width:16em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#findings td .id{white-space:nowrap}#findings td .name,#findings td .via{display:block}
#findings tr.summary:hover{background:var(--band)}
.js #findings tr.summary{cursor:pointer}
td.toggle{width:22px;padding:2px}
button.expand{display:none;width:18px;height:18px;border:1px solid var(--line);border-radius:3px;background:var(--bg);cursor:pointer;padding:0;line-height:14px;font-size:10px}
.js button.expand{display:inline-block}
button.expand::before{content:"\\25B6"}button.expand[aria-expanded=true]::before{content:"\\25BC"}
.js tr.detail{display:none}.js tr.detail.open{display:table-row}
tr.detail>td{background:var(--band);padding:8px 12px 12px 30px}
.detail-body p{margin:4px 0;max-width:110em}.finding-title{font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:6px 0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
figure.path{display:none;margin:8px 0 0;overflow-x:auto}.js figure.path{display:block}figure.path figcaption{color:var(--muted);margin-bottom:4px}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:6px 16px;margin:8px 0;padding:6px 8px;background:var(--band);border:1px solid var(--line);border-radius:4px}
.filters fieldset{border:0;padding:0;margin:0;display:flex;gap:8px;align-items:center}.filters legend{float:left;margin-right:6px;font-weight:600}
.filters input[type=search]{width:22em;padding:3px 6px}
.no-js-note{color:var(--muted)}.js .no-js-note{display:none}
.filters{display:none}.js .filters{display:flex}
#shown-count{margin-left:auto;color:var(--muted)}
#show-more{margin:8px 0}
.instance{margin-bottom:14px;content-visibility:auto;contain-intrinsic-size:auto 150px}.instance .where{margin:0 0 4px;color:var(--muted)}
table.exposure,table.gaps{width:auto;min-width:60%}td.num{text-align:right}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
svg.path-picture{max-width:100%;height:auto;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
svg.path-picture .box rect{fill:#fff;stroke:#8c959f}
svg.path-picture .senders rect{fill:#eef1f4;stroke-dasharray:4 3}
svg.path-picture .gateway rect{fill:#ddf4ff;stroke:#0969da}svg.path-picture .route rect{fill:#f6f8fa}
svg.path-picture .nacl rect{fill:#fbefff;stroke:#8250df}svg.path-picture .sg rect{fill:#fff1e5;stroke:#bc4c00}
svg.path-picture .lb rect{fill:#dafbe1;stroke:#1a7f37}svg.path-picture .target rect{fill:#fff;stroke:#1f2328;stroke-width:1.5}
svg.path-picture text{fill:#1f2328}svg.path-picture text.kind{font-size:10px;fill:#59636e}svg.path-picture text.id{font-size:11.5px;font-weight:600}svg.path-picture text.rule{font-size:10px}
svg.path-picture .edge{fill:none;stroke:#59636e;stroke-width:1.5}svg.path-picture .head{fill:#59636e}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{.filters,button.expand{display:none!important}.js tr.detail{display:table-row}}
`;
