package io.redback.rdw.etl.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.helpers.Json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The forms of a {@link ContractReport}: JSON, JUnit XML, a terminal table and HTML. */
final class ReportFormats {
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    private ReportFormats() {
    }

    static String json(ContractReport r) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("valid", r.valid());
        ObjectNode contract = root.putObject("contract");
        contract.put("id", r.contractId());
        contract.put("version", r.contractVersion());
        contract.put("sha256", r.contractSha256());
        root.put("dataset", r.dataset());
        root.put("object", r.object());
        root.put("engine", r.engine());
        root.put("passes", r.passes());
        root.put("millis", r.took().toMillis());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult c : r.checks()) {
            ObjectNode n = checks.addObject();
            n.put("id", c.id());
            n.put("name", c.name());
            n.put("object", c.object());
            n.put("property", c.property());
            n.put("metric", c.metric());
            n.put("result", c.result().label());
            if (c.value() == null) {
                n.putNull("value");
            } else if (c.value() instanceof BigDecimal d) {
                n.put("value", d);
            } else {
                n.put("value", c.value().longValue());
            }
            n.put("threshold", c.threshold());
            n.put("severity", c.severity());
            n.put("message", c.message());
            ArrayNode samples = n.putArray("failedSamples");
            for (Map<String, Object> row : c.failedSamples()) {
                ObjectNode o = samples.addObject();
                row.forEach((k, v) -> {
                    if (v == null) {
                        o.putNull(k);
                    } else if (v instanceof Double || v instanceof Float) {
                        o.put(k, ((Number) v).doubleValue());
                    } else if (v instanceof Number x && !(v instanceof BigDecimal)) {
                        o.put(k, x.longValue());
                    } else if (v instanceof BigDecimal x) {
                        o.put(k, x);
                    } else if (v instanceof Boolean x) {
                        o.put(k, x);
                    } else {
                        o.put(k, v.toString());
                    }
                });
            }
        }
        root.set("notRun", Json.MAPPER.valueToTree(r.notRun()));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String junit(ContractReport r) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(xml("contract " + r.contractId() + " " + r.contractVersion()))
                .append("\" tests=\"").append(r.checks().size())
                .append("\" failures=\"").append(r.count(CheckResult.Result.FAILED))
                .append("\" errors=\"").append(r.count(CheckResult.Result.ERROR))
                .append("\" skipped=\"0\" time=\"").append(r.took().toMillis() / 1000.0).append("\">\n");
        b.append("  <properties><property name=\"dataset\" value=\"").append(xml(r.dataset()))
                .append("\"/><property name=\"engine\" value=\"").append(xml(r.engine())).append("\"/></properties>\n");
        for (CheckResult c : r.checks()) {
            b.append("  <testcase classname=\"").append(xml(c.object() + (c.property() == null ? "" : "." + c.property())))
                    .append("\" name=\"").append(xml(c.id() + ": " + c.name())).append("\"");
            String detail = detail(c);
            switch (c.result()) {
                case PASSED -> b.append("/>\n");
                case WARNING -> b.append(">\n    <system-out>").append(xml("warning: " + detail))
                        .append("</system-out>\n  </testcase>\n");
                case FAILED -> b.append(">\n    <failure message=\"").append(xml(c.message())).append("\" type=\"")
                        .append(xml(c.metric())).append("\">").append(xml(detail)).append("</failure>\n  </testcase>\n");
                case ERROR -> b.append(">\n    <error message=\"").append(xml(c.message())).append("\" type=\"")
                        .append(xml(c.metric())).append("\">").append(xml(detail)).append("</error>\n  </testcase>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    private static String detail(CheckResult c) {
        StringBuilder d = new StringBuilder("value " + value(c) + ", must be " + c.threshold());
        if (!c.message().isEmpty()) {
            d.append("; ").append(c.message());
        }
        for (Map<String, Object> row : c.failedSamples()) {
            d.append("\n").append(sample(row));
        }
        return d.toString();
    }

    static String table(ContractReport r, boolean colour, boolean problemsOnly) {
        List<CheckResult> shown = r.checks().stream()
                .filter(c -> !problemsOnly || c.result() != CheckResult.Result.PASSED).toList();
        List<String[]> rows = new java.util.ArrayList<>();
        for (CheckResult c : shown) {
            rows.add(new String[]{c.result().label(), c.property() == null ? "(" + c.object() + ")" : c.property(),
                    c.name(), value(c), c.threshold()});
        }
        int[] w = {6, 6, 5, 5, 9};
        for (String[] row : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.min(Math.max(w[i], row[i].length()), i == 2 ? 48 : 40);
            }
        }
        StringBuilder b = new StringBuilder(r.summary()).append(" (").append(r.passes())
                .append(r.passes() == 1 ? " pass" : " passes").append(" over the data, ").append(r.took().toMillis())
                .append(" ms)\n");
        b.append(line(new String[]{"result", "column", "check", "value", "must be"}, w)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            CheckResult c = shown.get(i);
            String text = line(rows.get(i), w);
            if (colour) {
                String col = switch (c.result()) {
                    case PASSED -> GREEN;
                    case WARNING -> YELLOW;
                    default -> RED;
                };
                text = col + text + RESET;
            }
            b.append(text.stripTrailing()).append('\n');
            if (c.result() != CheckResult.Result.PASSED && !c.message().isEmpty()) {
                b.append("         ").append(visible(c.message())).append('\n');
            }
            for (Map<String, Object> row : c.failedSamples()) {
                b.append("         e.g. ").append(sample(row)).append('\n');
            }
        }
        if (problemsOnly && shown.size() < r.checks().size()) {
            b.append("(and ").append(r.checks().size() - shown.size()).append(" checks that passed)\n");
        }
        for (String n : r.notRun()) {
            b.append("not run: ").append(visible(n)).append('\n');
        }
        return b.toString();
    }

    static String html(ContractReport r) {
        StringBuilder b = new StringBuilder("<div class=\"rdw-contract\"><p>").append(esc(r.summary()))
                .append("</p><table><thead><tr><th>result</th><th>column</th><th>check</th><th>value</th>"
                        + "<th>must be</th><th>failing rows</th></tr></thead><tbody>");
        for (CheckResult c : r.checks()) {
            String colour = switch (c.result()) {
                case PASSED -> "#1a7f37";
                case WARNING -> "#9a6700";
                default -> "#cf222e";
            };
            b.append("<tr><td style=\"color:").append(colour).append(";font-weight:bold\">").append(c.result().label())
                    .append("</td><td>").append(esc(c.object() + (c.property() == null ? "" : "." + c.property())))
                    .append("</td><td>").append(esc(c.name()))
                    .append(c.message().isEmpty() ? "" : "<br><small>" + esc(c.message()) + "</small>")
                    .append("</td><td>").append(esc(value(c))).append("</td><td>").append(esc(c.threshold()))
                    .append("</td><td>");
            for (Map<String, Object> row : c.failedSamples()) {
                b.append("<code>").append(esc(sample(row))).append("</code><br>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>");
        for (String n : r.notRun()) {
            b.append("<p><small>not run: ").append(esc(n)).append("</small></p>");
        }
        return b.append("</div>").toString();
    }

    private static String value(CheckResult c) {
        if (c.value() == null) {
            return "-";
        }
        String v = c.value() instanceof BigDecimal d ? Comparison.text(d) : c.value().toString();
        return c.threshold().endsWith("%") ? v + " %" : v;
    }

    private static String sample(Map<String, Object> row) {
        return row.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() == null ? "null"
                : visible(String.valueOf(e.getValue())))).collect(Collectors.joining(", "));
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = visible(cells[i]);
            if (cell.length() > w[i]) {
                cell = cell.substring(0, w[i] - 1) + "…";
            }
            b.append(String.format("%-" + w[i] + "s", cell)).append(i < cells.length - 1 ? "  " : "");
        }
        return b.toString();
    }

    /** Text for a terminal: control characters (an escape sequence in a value, a line break) as {@code ?}. */
    private static String visible(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    }

    private static String xml(String s) {
        return esc(s).replace("\"", "&quot;").replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
