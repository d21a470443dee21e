package io.redback.rdw.jupyter;

import io.redback.rdw.Column;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Documents;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.LineageTree;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Warehouse;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.ScanReport;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.etl.contracts.CheckResult;
import io.redback.rdw.etl.contracts.Contract;
import io.redback.rdw.etl.contracts.ContractReport;
import io.redback.rdw.etl.contracts.Contracts;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.spi.RowCursor;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rdw's values as a notebook shows them, rendered by a real jjava Renderer over an embedded warehouse. */
class RdwDisplayTest {
    @TempDir
    Path dir;
    WarehouseClient dw;
    final Renderer renderer = new Renderer();

    @BeforeEach
    void open() {
        RdwConfig cfg = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("wh")).build();
        dw = WarehouseClient.builder().config(cfg).build();
        RdwDisplay.register(renderer);
    }

    @AfterEach
    void close() {
        System.clearProperty(RdwDisplay.ROWS_PROPERTY);
        dw.close();
    }

    private static String html(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_HTML);
    }

    private static String text(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    private static int count(String text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    @Test
    void aResultShowsItsColumnsWithTypesItsValuesEscapedAndNullsDistinctly() {
        DisplayData d = renderer.render(dw.query("SELECT '<script>alert(1)</script>' AS s, 42 AS n, CAST(NULL AS VARCHAR) AS z, 'null' AS word"));
        assertThat(d.hasDataForType(MIMEType.TEXT_HTML)).isTrue();
        assertThat(d.hasDataForType(MIMEType.TEXT_PLAIN)).isTrue();
        String html = html(d);
        assertThat(html).contains("<th", ">s<", ">n<", ">z<", ">word<", "VARCHAR", "INTEGER")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .contains("<i class=\"rdw-null\"", "<td style=\"text-align:left\">null</td>").contains("1 row");
        assertThat(text(d)).contains("s", "n", "VARCHAR", "<script>alert(1)</script>", "42", "(1 row)");
    }

    @Test
    void aMillionRowResultShowsTheFirst50RowsAndReadsNoMoreThan51() {
        AtomicLong read = new AtomicLong();
        QueryResult counted = counting(dw.query("SELECT * FROM \"range\"(1000000)"), read);
        DisplayData d = renderer.render(counted);
        assertThat(read.get()).isLessThanOrEqualTo(51);
        String html = html(d);
        assertThat(count(html, "<tr>")).as("a header row and 50 rows").isEqualTo(51);
        assertThat(html).contains("first 50 rows shown; there are more", "BIGINT", ">49<").doesNotContain(">50<");
        assertThat(text(d)).contains("(first 50 rows shown; there are more)");
    }

    @Test
    void theNumberOfRowsShownIsASystemProperty() {
        System.setProperty(RdwDisplay.ROWS_PROPERTY, "5");
        String html = html(renderer.render(dw.query("SELECT * FROM \"range\"(12)")));
        assertThat(html).contains("first 5 rows shown");
        assertThat(count(html, "<tr>")).isEqualTo(6);
        System.setProperty(RdwDisplay.ROWS_PROPERTY, "lots");
        assertThat(RdwDisplay.maxRows()).isEqualTo(RdwDisplay.DEFAULT_ROWS);
        assertThat(html(renderer.render(dw.query("SELECT * FROM \"range\"(3)")))).contains("3 rows").doesNotContain("first");
    }

    @Test
    void aResultAlreadyReadSaysSoInsteadOfFailing() {
        QueryResult r = dw.query("SELECT 1 AS x1");
        r.toList();
        assertThat(html(renderer.render(r))).contains(">x1<", "already read");
    }

    @Test
    void rowsInMemoryShowAsATable() {
        var rows = dw.query("SELECT * FROM (VALUES (1, 'a<b'), (2, 'c')) AS t(id, name)").toList();
        DisplayData d = renderer.render(rows);
        assertThat(html(d)).contains(">id<", ">name<", "a&lt;b", "2 rows");
        assertThat(text(d)).contains("id | name", "a<b");
    }

    @Test
    void provenanceAndLineageAfterARealUploadAndClean() throws Exception {
        Path csv = Files.writeString(dir.resolve("rides.csv"), "id,device\n1,garmin\n2,<wahoo>\n");
        ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(csv, "project1");
        ObjectInfo silver = Pipelines.on(dw).clean(raw.key()).silverObject().orElseThrow();

        List<ProvenanceEvent> events = dw.provenance(ProvenanceQuery.all());
        DisplayData p = renderer.render(events);
        assertThat(html(p)).contains(">time<", ">type<", ">user<", ">object<", ">sha256<", "file:uploaded",
                "object:derived", "bronze:" + raw.key(), raw.sha256().orElseThrow().substring(0, 12) + "…",
                events.size() + " events");
        assertThat(text(p)).contains("file:uploaded", "bronze:" + raw.key());

        LineageTree tree = dw.lineage(silver.ref());
        DisplayData l = renderer.render(tree);
        assertThat(html(l)).contains("<ul>", "<b>" + silver.ref() + "</b>", "made from", "used by",
                "<code>" + raw.ref() + "</code>", "by pipeline <b>clean</b>", "file:uploaded");
        assertThat(text(l)).isEqualTo(tree.render());

        DisplayData objects = renderer.render(dw.bucket(Layer.BRONZE).list());
        assertThat(html(objects)).contains(">key<", ">size<", ">modified<", raw.key(), raw.size() + " B", "1 object");
    }

    @Test
    void aPageOfDocumentsIsATableAndPrettyJson() throws Exception {
        Documents docs = dw.documents("project1");
        docs.insert(Map.of("title", "<b>bold</b>", "tags", List.of("x", "y"), "year", 2025));
        docs.insert(Map.of("title", "plain", "pages", 3));
        List<Map<String, Object>> page = docs.find(DocumentQuery.all());
        DisplayData d = renderer.render(page);
        String html = html(d);
        assertThat(html).contains(">_id<", ">title<", ">tags<", ">pages<", "&lt;b&gt;bold&lt;/b&gt;",
                "[&quot;x&quot;,&quot;y&quot;]", "2 documents").doesNotContain("<b>bold");
        assertThat(html.indexOf(">_id<")).isLessThan(html.indexOf(">title<"));
        assertThat(Json.MAPPER.readTree(text(d)).size()).isEqualTo(2);
    }

    @Test
    void healthIsTheDoctorTableWithStatusColours() {
        DisplayData d = renderer.render(dw.health());
        assertThat(html(d)).contains(">component<", ">status<", "storage", "color:#2e7d32;font-weight:bold\">UP<",
                "nothing is down");
        DisplayData down = renderer.render(List.of(Health.down("query", "dremio http://x", Duration.ofMillis(3), "refused")));
        assertThat(html(down)).contains("color:#c62828;font-weight:bold\">DOWN<", "1 down", "3 ms");
        assertThat(text(down)).contains("query", "DOWN", "refused");
    }

    @Test
    void scanReportsShowTheirOutcomeInColour() {
        ScanReport infected = new ScanReport("eicar.txt", ScanReport.Outcome.INFECTED, "Eicar-Signature");
        assertThat(html(renderer.render(List.of(infected, new ScanReport("ok.txt", ScanReport.Outcome.CLEAN, null)))))
                .contains("eicar.txt", "color:#c62828;font-weight:bold\">INFECTED<", "Eicar-Signature",
                        "color:#2e7d32;font-weight:bold\">CLEAN<", "2 scans");
        assertThat(text(renderer.render(infected))).contains("target", "INFECTED", "Eicar-Signature");
    }

    @Test
    void aContractReportIsATableOfChecksInColourWithTheFailingRowsEscaped() {
        dw.bucket(Layer.SILVER).put("p1/rides.csv", new java.io.ByteArrayInputStream(
                "id,device,speed\n1,garmin,10\n2,<script>alert(1)</script>,20\n3,wahoo,30\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), o -> { });
        Contract contract = Contract.parse("""
                apiVersion: v3.1.0
                kind: DataContract
                id: rides-contract
                version: 1.0.0
                status: active
                schema:
                  - name: rides
                    properties:
                      - name: id
                        logicalType: integer
                        required: true
                      - name: device
                        logicalType: string
                        quality:
                          - id: known_devices
                            metric: invalidValues
                            arguments:
                              validValues: [garmin, wahoo]
                            mustBe: 0
                """, "rides.odcs.yaml");
        ContractReport report = Contracts.on(dw).check(ObjectRef.parse("silver:p1/rides.csv"), contract);
        assertThat(report.failures()).extracting(CheckResult::id).containsExactly("known_devices");

        DisplayData d = renderer.render(report);
        String html = html(d);
        assertThat(html).contains("<table>", ">result<", ">must be<", ">failing rows<", report.summary())
                .contains("color:#1a7f37;font-weight:bold\">passed<", "color:#cf222e;font-weight:bold\">failed<")
                .contains(report.failures().get(0).name(), "rides.device", "invalidValues: 1 (must be = 0)")
                .contains("<code>id=2, device=&lt;script&gt;alert(1)&lt;/script&gt;</code>")
                .doesNotContain("<script>");
        assertThat(count(html, "\">failed<")).as("only the unknown device fails").isEqualTo(1);
        assertThat(count(html, "\">passed<")).isEqualTo(report.checks().size() - 1).isGreaterThan(2);
        assertThat(text(d)).isEqualTo(report.toTable(false))
                .contains("failed", "passed", "e.g. id=2, device=<script>alert(1)</script>").doesNotContain("\u001b[");
    }

    @Test
    void aListOfAnythingElseKeepsThePlainDisplay() {
        DisplayData d = renderer.render(List.of("a", "b"));
        assertThat(d.hasDataForType(MIMEType.TEXT_HTML)).isFalse();
        assertThat(text(d)).isEqualTo("[a, b]");
        assertThat(text(renderer.render(List.of()))).isEqualTo("[]");
    }

    @Test
    void aKernelFindsTheExtensionThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(RdwExtension.class);
    }

    @Test
    void theExtensionBringsTheSqlAndRdwMagicsToAnyJJavaKernel() throws Exception {
        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics = new org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry();
        RdwExtension.registerMagics(magics);
        Warehouse.use(dw);
        try {
            Object result = magics.evalCellMagic(null, "sql", List.of(), "SELECT 42 AS answer\n");
            assertThat(result).isInstanceOf(QueryResult.class);
            assertThat(html(renderer.render(result))).contains("answer", "42");
            assertThatThrownBy(() -> magics.evalCellMagic(null, "sql", List.of(), "DROP TABLE t"))
                    .isInstanceOf(io.redback.rdw.QueryRefusedException.class).hasMessageContaining("DROP");
            assertThatThrownBy(() -> magics.evalCellMagic(null, "sql", List.of("-o", "rows"), "SELECT 1"))
                    .hasMessageContaining("only the rdw kernel binds -o");
            assertThatThrownBy(() -> magics.evalLineMagic(null, "rdw", List.of("nonsense")))
                    .hasMessageContaining("usage: %rdw config");
        } finally {
            Warehouse.reset();
        }
    }

    /** The same result, counting the rows read from its cursor. */
    private static QueryResult counting(QueryResult result, AtomicLong read) {
        RowCursor cursor = result.unwrap(RowCursor.class).orElseThrow();
        return new QueryResult(new RowCursor() {
            @Override
            public List<Column> columns() {
                return cursor.columns();
            }

            @Override
            public boolean next() {
                boolean more = cursor.next();
                if (more) {
                    read.incrementAndGet();
                }
                return more;
            }

            @Override
            public Object value(int index) {
                return cursor.value(index);
            }

            @Override
            public void close() {
                cursor.close();
            }
        });
    }
}
