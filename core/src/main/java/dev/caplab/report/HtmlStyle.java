package dev.caplab.report;

/**
 * The HTML report's one stylesheet, inlined into every page: a light page that prints as it looks
 * (no dark backgrounds; charts shrink to the paper's width), and the classes the SVG charts and
 * the space-time diagram draw with, so that no element carries a style of its own.
 *
 * <p>Thread-safe: a constant.
 */
final class HtmlStyle {

  private HtmlStyle() {}

  static final String CSS = """
      :root{--ink:#1d2125;--muted:#5b636b;--rule:#d9dde1;--soft:#f4f6f8;--ok:#1e7b34;--bad:#b3261e}
      *{box-sizing:border-box}
      body{margin:0 auto;max-width:1040px;padding:24px 28px 40px;color:var(--ink);background:#fff;
      font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
      h1{font-size:28px;margin:4px 0 8px}
      h2{font-size:20px;margin:30px 0 8px;padding-top:6px;border-top:1px solid var(--rule)}
      .kicker{margin:0;color:var(--muted);font-size:13px;letter-spacing:.06em;text-transform:uppercase}
      .question{font-size:18px;margin:0 0 12px}
      dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
      dl.run dt{color:var(--muted)}
      dl.run dd{margin:0}
      code,pre{font:13px/1.45 ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace}
      pre{background:var(--soft);border:1px solid var(--rule);border-radius:4px;padding:8px 12px;overflow-x:auto}
      figure{margin:18px 0}
      figcaption,caption{font-weight:600;text-align:left;margin:0 0 6px}
      figcaption .sub{font-weight:400;color:var(--muted)}
      table.data{border-collapse:collapse;margin:10px 0 18px;font-variant-numeric:tabular-nums}
      table.data th,table.data td{padding:3px 12px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
      table.data th{border-bottom:2px solid #aab1b8;font-weight:600}
      table.data td.n,table.data th.n{text-align:right}
      table.data tbody tr:nth-child(even){background:var(--soft)}
      .note{color:#8a4b00;font-weight:600}
      p.note{border-left:4px solid #e8a33d;padding:2px 10px}
      ol.faults{margin:6px 0 16px;padding-left:28px}
      ol.faults .t{display:inline-block;min-width:64px;color:var(--muted);font-variant-numeric:tabular-nums}
      ul.checks{list-style:none;padding:0}
      ul.checks>li{border:1px solid var(--rule);border-left-width:6px;border-radius:4px;padding:8px 12px;margin:8px 0}
      ul.checks>li.held{border-left-color:var(--ok)}
      ul.checks>li.fails{border-left-color:var(--bad)}
      .badge{display:inline-block;min-width:54px;text-align:center;font-weight:700;font-size:13px;padding:1px 8px;
      border-radius:3px;border:2px solid;margin-right:8px}
      .held .badge{color:var(--ok);border-color:var(--ok)}
      .fails .badge{color:#fff;background:var(--bad);border-color:var(--bad)}
      .check-name{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;color:var(--muted)}
      .evidence{margin:4px 0 0;color:var(--muted);font-size:14px}
      details{margin:16px 0}
      summary{cursor:pointer;font-weight:600}
      footer{margin-top:36px;padding-top:10px;border-top:1px solid var(--rule);color:var(--muted);font-size:13px}
      svg{display:block;max-width:100%;height:auto;margin:6px 0;
      font:11px system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
      svg text{fill:#333}
      svg .tl{fill:#555}
      svg .at{fill:#333;font-weight:600}
      svg .lg{fill:#333;font-size:12px}
      svg .empty{fill:#888;font-size:14px}
      svg .note{fill:#8a4b00;font-weight:700;font-size:12px}
      .grid{stroke:#e6e8eb;stroke-width:1;fill:none}
      .ax{stroke:#444;stroke-width:1;fill:none}
      .ln{fill:none;stroke-width:2;stroke-linejoin:round}
      .c0{stroke:#1f6fb4}.c1{stroke:#e8710a}.c2{stroke:#2b9a3e}.c3{stroke:#c2185b}
      .c4{stroke:#7b4fb8}.c5{stroke:#8c5a3c}.c6{stroke:#17a2b8}.c7{stroke:#7a7f85}
      .nl{stroke:#4a5259;stroke-width:1.4;fill:none}
      .nn{fill:#1d2125;font-size:12px;font-weight:600}
      .m{stroke:#2769b0;stroke-width:1;fill:none}
      .md{stroke:#d0342c;stroke-width:1;stroke-dasharray:4 3;fill:none}
      .mf{stroke:#8d959c;stroke-width:1;stroke-dasharray:1.5 2.5;fill:none}
      .xm{stroke:#d0342c;stroke-width:1.6;fill:none}
      .dense .m,.dense .md,.dense .mf,.dense .xm{stroke-width:.6;stroke-dasharray:none;shape-rendering:crispEdges;
      pointer-events:none}
      .part{fill:#f0a030;fill-opacity:.18;stroke:#e0902a;stroke-opacity:.5}
      .spl{fill:#8a4b00;font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
      .down{fill:#6d747a;fill-opacity:.35}
      .op{stroke:#22272b;stroke-width:.6}
      .op.ok{fill:#34a853}.op.failed{fill:#a9afb5}.op.unknown{fill:#f4c430}
      .op.stale{fill:#a23cc8;stroke:#4c0a66;stroke-width:2}
      .op.lost{fill:#e0241b;stroke:#5e0400;stroke-width:2}
      .opl{font-size:10.5px;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
      .opl.stale{fill:#6a1b87;font-weight:700}.opl.lost{fill:#a1130c;font-weight:700}
      .fk{stroke-width:1.5;fill:none}
      .fk.net{stroke:#e0902a}.fk.node{stroke:#b3261e}.fk.clock{stroke:#7b4fb8}.fk.link{stroke:#17a2b8}.fk.other{stroke:#555}
      .hm0{fill:#f4f6f8}.hm1{fill:#fdeccd}.hm2{fill:#fcd49b}.hm3{fill:#fbb46c}.hm4{fill:#f78c4a}
      .hm5{fill:#ec6236}.hm6{fill:#d43f2a}.hm7{fill:#ae231e}.hm8{fill:#7a0f16}
      .fn{font-size:11px;font-weight:700}
      .fn.net{fill:#a35f00}.fn.node{fill:#b3261e}.fn.clock{fill:#7b4fb8}.fn.link{fill:#0f7585}
      @media print{
      @page{margin:14mm}
      body{max-width:none;padding:0;font-size:11pt;color:#000;background:#fff}
      pre{background:#fff;white-space:pre-wrap;word-break:break-all}
      table.data tbody tr:nth-child(even){background:#fff}
      .fails .badge{color:var(--bad);background:#fff}
      svg{width:100%;max-width:100%;height:auto}
      figure,table.data,ul.checks>li{break-inside:avoid}
      figure.spacetime{break-inside:auto}
      h2{break-after:avoid}
      }
      """;
}
