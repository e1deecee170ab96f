import CoachCore
import Foundation
import Mustache

/// What every page shares: the document around the body, one stylesheet, and a
/// Content-Security-Policy that allows nothing but that stylesheet.
///
/// Pages are single files that load nothing: no scripts, fonts, images or other requests. The
/// policy says so to the browser (`default-src 'none'`), and allows the one inline stylesheet by
/// its SHA-256 rather than by allowing inline styles in general, so text that ever slipped
/// through unescaped could neither run nor restyle the page.
///
/// Every value reaches the templates through `{{name}}`, which escapes `& < > " '`; the templates
/// never use the unescaped forms (`{{{name}}}`, `{{&name}}`) or change the content type, and a
/// test holds them to that.
package enum PageShell {
  /// The palette: Okabe and Ito's colour-blind-safe colours, which also differ in lightness, and
  /// a sequential single-hue scale (ColorBrewer Oranges) for the heat map. No meaning rests on
  /// colour alone: every band and share is written out in words or numbers beside it.
  package static let css = """
    :root{color-scheme:light}
    *{box-sizing:border-box}
    body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Liberation Sans",sans-serif;\
    color:#1b1b1b;background:#fff;margin:0 auto;max-width:62rem;padding:1rem 1.2rem 3rem}
    header{border-bottom:3px solid #0072B2;margin-bottom:1rem;padding-bottom:.5rem}
    h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0}
    h2{font-size:1.25rem;border-bottom:1px solid #bbb;padding-bottom:.2rem;margin:2rem 0 .6rem}
    h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
    p{margin:.35rem 0}
    .meta,.note,figcaption,.muted{color:#4a4a4a;font-size:.9rem}
    .disclaimer{font-size:.85rem;color:#4a4a4a;border-left:3px solid #E69F00;padding-left:.6rem}
    .warning{border-left:4px solid #D55E00;background:#fdf0e8;padding:.4rem .7rem}
    .table-wrap{overflow-x:auto;max-width:100%}
    table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem}
    caption{text-align:left;font-weight:600;padding:.2rem 0}
    th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d6d6d6;vertical-align:top}
    thead th{border-bottom:2px solid #888}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .band{font-weight:600;padding:0 .35em;border-radius:.2em;white-space:nowrap;border:1px solid transparent}
    .band-developing{background:#fbe1d1;color:#7a3300;border-color:#D55E00}
    .band-fair{background:#fcefc9;color:#5c4000;border-color:#E69F00}
    .band-good{background:#d5e8f5;color:#00395e;border-color:#0072B2}
    .band-none{background:#eee;color:#333}
    .score{font-size:2.2rem;font-weight:700;line-height:1}
    .summary{display:flex;flex-wrap:wrap;gap:.6rem 1.5rem;align-items:baseline}
    .done{color:#005a8c}.missed{color:#a13f00}
    ul.plain{list-style:none;padding-left:0}
    ul.plain li{margin:.25rem 0}
    ol.turns{list-style:none;padding:0;margin:0}
    .turn{border:1px solid #d6d6d6;border-left-width:6px;border-radius:4px;padding:.5rem .8rem;margin:.6rem 0}
    .turn-best,.turn-good{border-left-color:#0072B2}
    .turn-acceptable{border-left-color:#999}
    .turn-poor{border-left-color:#D55E00;background:#fffaf6}
    .turn h3{margin:0 0 .2rem;font-size:.95rem}
    .said{margin:.2rem 0 .3rem;padding-left:.7rem;border-left:3px solid #ccc;font-style:italic}
    .codes{color:#4a4a4a;font-size:.88rem}
    .grade{font-weight:600}
    .better{margin-top:.4rem;padding:.35rem .6rem;background:#eef5fb;border-radius:4px}
    .state{font-size:.85rem;color:#4a4a4a}
    figure{margin:.5rem 0 1rem}
    svg{max-width:100%;height:auto;display:block}
    svg text{font:11px system-ui,"DejaVu Sans",sans-serif;fill:#333}
    .axis{stroke:#888;stroke-width:1}
    .grid-line{stroke:#ddd;stroke-width:1}
    .threshold{stroke:#333;stroke-width:1.5;stroke-dasharray:4 3}
    .zone-developing{fill:#fbe1d1}.zone-fair{fill:#fcefc9}.zone-good{fill:#d5e8f5}
    .fill-developing{fill:#D55E00}.fill-fair{fill:#E69F00}.fill-good{fill:#0072B2}
    .track{fill:#eee}
    .bar-label{font-weight:600}.bar-label-developing,.bar-label-good{fill:#fff}.bar-label-fair{fill:#1b1b1b}
    polyline.line{fill:none;stroke-width:2.5}
    .series-0{stroke:#0072B2;fill:#0072B2}.series-1{stroke:#E69F00;fill:#E69F00}
    .series-2{stroke:#009E73;fill:#009E73}.series-3{stroke:#CC79A7;fill:#CC79A7}
    polyline.series-1{stroke-dasharray:7 3}polyline.series-2{stroke-dasharray:2 3}polyline.series-3{stroke-dasharray:9 3 2 3}
    .spark-line{fill:none;stroke:#1b1b1b;stroke-width:1.5}
    .dot{stroke:#fff;stroke-width:1}
    .multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.5rem .9rem;\
    list-style:none;padding:0}
    .multiples figure{margin:0;padding:.3rem;border:1px solid #e2e2e2;border-radius:4px}
    .multiples figcaption{font-size:.8rem;line-height:1.35}
    .heat-0{background:#fff5eb}.heat-1{background:#fee6ce}.heat-2{background:#fdd0a2}
    .heat-3{background:#fdae6b}.heat-4{background:#e6550d;color:#fff}.heat-5{background:#a63603;color:#fff}
    .legend{display:flex;flex-wrap:wrap;gap:.3rem .9rem;font-size:.85rem;margin:.3rem 0;padding:0;list-style:none}
    .swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.3em;\
    border:1px solid #888}
    .sw-developing{background:#D55E00}.sw-fair{background:#E69F00}.sw-good{background:#0072B2}
    .sw-zone-developing{background:#fbe1d1}.sw-zone-fair{background:#fcefc9}.sw-zone-good{background:#d5e8f5}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    footer{margin-top:2.5rem;border-top:1px solid #ccc;padding-top:.5rem}
    @media (max-width:40rem){body{font-size:14px;padding:.6rem .7rem 2rem}h1{font-size:1.3rem}\
    .score{font-size:1.8rem}th,td{padding:.25rem .35rem}.bar-cell{display:none}\
    table.difficulty thead{display:none}table.difficulty tr{display:block;border-bottom:2px solid #bbb;\
    padding:.3rem 0}table.difficulty th,table.difficulty td{display:block;border:0;padding:.1rem 0;text-align:left}\
    table.difficulty td[data-label]::before{content:attr(data-label) ": ";font-weight:600}.multiples{grid-template-columns:1fr 1fr}}
    @media print{@page{size:A4;margin:14mm 12mm}body{max-width:none;padding:0;font-size:10pt}\
    h2{break-after:avoid}figure,tr,.turn,.better{break-inside:avoid}.table-wrap{overflow:visible}\
    .multiples{grid-template-columns:repeat(3,1fr)}.heat-4,.heat-5,.band,.turn,.zone-developing,.zone-fair,\
    .zone-good,[class*="heat-"],[class*="sw-"]{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
    """

  /// The policy: nothing may load or run; the one stylesheet is allowed by its hash.
  package static let contentSecurityPolicy =
    "default-src 'none'; style-src '\(styleHash)'; img-src 'none'; font-src 'none'; script-src 'none'; "
    + "connect-src 'none'; base-uri 'none'; form-action 'none'"

  /// `sha256-…` of the stylesheet, as CSP writes a hash.
  package static let styleHash = "sha256-" + Data(SHA256.digest(of: Array(css.utf8))).base64EncodedString()

  /// The document around a page's body: `{{title}}` and `{{lang}}` come from the page.
  package static func document(body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
    <meta name="referrer" content="no-referrer">
    <meta name="generator" content="Coach">
    <title>{{pageTitle}}</title>
    <style>\(css)</style>
    </head>
    <body>
    \(body)
    <footer><p class="disclaimer">Coach is training material, not clinical guidance. Scores are feedback \
    for practice, not a competence certificate.</p></footer>
    </body>
    </html>

    """
  }

  /// Parses a page's template: its text is Coach's own, so a parse error is a bug.
  static func template(body: String) -> MustacheTemplate {
    do {
      return try MustacheTemplate(string: document(body: body))
    } catch {
      preconditionFailure("a page template does not parse: \(error)")
    }
  }
}
