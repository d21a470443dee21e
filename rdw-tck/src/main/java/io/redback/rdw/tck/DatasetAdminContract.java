package io.redback.rdw.tck;

import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.spi.DatasetAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DatasetAdmin} must do: name a bucket's object by the bucket and the key's segments; register a
 * file, or a folder of one format, as a view (again and again: a second registration replaces the view); refuse a
 * folder of mixed formats naming them, a path where nothing is and a path of fewer than two segments, before changing
 * anything; create a table from a query; describe itself without a secret and answer a health check.
 *
 * <p>The hooks prepare the engine (a file, a folder or nothing at a path the admin itself names with
 * {@link DatasetAdmin#path}) and check what it received. Against a stand-in server they stub and verify requests;
 * against a real engine they write objects and read the catalog.
 */
public abstract class DatasetAdminContract {
    protected static final String BUCKET = "dw-bucket-silver";

    protected DatasetAdmin admin;

    /** The admin under test, over an engine where nothing has been registered yet. */
    protected abstract DatasetAdmin createAdmin() throws Exception;

    /** Makes the engine see one data file at {@code path}. */
    protected abstract void givenFile(List<String> path);

    /** Makes the engine see a folder at {@code path} holding files of these names, directly inside. */
    protected abstract void givenFolder(List<String> path, List<String> fileNames);

    /** Makes sure the engine sees nothing at {@code path}. */
    protected abstract void givenNothingAt(List<String> path);

    /** Checks that the engine now has a view at {@code viewPath} of the dataset at {@code sourcePath}. */
    protected abstract void assertViewCreated(List<String> viewPath, List<String> sourcePath);

    /** Checks that the engine now has the table {@code table}, made by {@code query}. */
    protected abstract void assertTableCreated(List<String> table, String query);

    /** Checks that the engine's catalog has not changed since the test began: no dataset, view or table made. */
    protected abstract void assertNothingChanged();

    /** The secrets the admin was given (passwords, tokens): they never show. */
    protected Collection<String> secrets() {
        return List.of();
    }

    /** Where the suite creates the view called {@code name}. */
    protected List<String> viewPath(String name) {
        return List.of("analytics", name);
    }

    /** Where the suite creates the table called {@code name}. */
    protected List<String> tablePath(String name) {
        return admin.path("dw-bucket-gold", "p1/2025/" + name);
    }

    @BeforeEach
    void openAdmin() throws Exception {
        admin = createAdmin();
    }

    @AfterEach
    void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
    }

    private List<String> object(String key) {
        return admin.path(BUCKET, key);
    }

    @Test
    void namesAnObjectByItsBucketAndTheSegmentsOfItsKey() {
        assertThat(admin.path(BUCKET, "p1/2025/t1_rides/rides.parquet"))
                .endsWith(BUCKET, "p1", "2025", "t1_rides", "rides.parquet");
        assertThat(admin.path(BUCKET, "p1/2025/")).endsWith(BUCKET, "p1", "2025");
        assertThat(admin.path(BUCKET, "p1/2025")).isEqualTo(admin.path(BUCKET, "p1/2025/"));
        assertThatThrownBy(() -> admin.path(BUCKET, "p1/../../etc/passwd")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void registersAFileAsAView() {
        List<String> source = object("p1/2025/rides.parquet");
        givenFile(source);

        assertThat(admin.register(source, viewPath("rides"))).isEqualTo(viewPath("rides"));
        assertViewCreated(viewPath("rides"), source);
    }

    @Test
    void aSecondRegistrationReplacesTheView() {
        List<String> first = object("p1/2025/rides.csv");
        List<String> second = object("p1/2025/rides_processed.parquet");
        givenFile(first);
        givenFile(second);

        assertThat(admin.register(first, viewPath("rides"))).isEqualTo(viewPath("rides"));
        assertThat(admin.register(first, viewPath("rides"))).isEqualTo(viewPath("rides"));
        assertThat(admin.register(second, viewPath("rides"))).isEqualTo(viewPath("rides"));
        assertViewCreated(viewPath("rides"), second);
    }

    @Test
    void registersAFolderOfOneFormat() {
        List<String> folder = object("p1/2025/t1_rides/");
        givenFolder(folder, List.of("part-0.parquet", "part-1.parquet", "part-2.PARQUET"));

        assertThat(admin.register(folder, viewPath("t1_rides"))).isEqualTo(viewPath("t1_rides"));
        assertViewCreated(viewPath("t1_rides"), folder);
    }

    @Test
    void refusesAFolderOfMixedFormatsNamingThem() {
        List<String> folder = object("p1/2025/mixed/");
        givenFolder(folder, List.of("a.csv", "b.parquet"));

        assertThatThrownBy(() -> admin.register(folder, viewPath("mixed"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("csv", "parquet");
        assertNothingChanged();
    }

    @Test
    void nothingAtThePathIsNotFound() {
        List<String> missing = object("p1/2025/missing.parquet");
        givenNothingAt(missing);

        assertThatThrownBy(() -> admin.register(missing, viewPath("missing"))).isInstanceOf(NotFoundException.class);
        assertNothingChanged();
    }

    @Test
    void createsATableFromAQuery() {
        List<String> table = tablePath("rides_summary");
        String query = "SELECT 1 AS n, 'a' AS label";

        assertThat(admin.createTableAs(table, query)).isEqualTo(table);
        assertTableCreated(table, query);
    }

    @Test
    void refusesPathsOfFewerThanTwoSegmentsBeforeChangingAnything() {
        List<String> source = object("p1/2025/rides.parquet");
        givenFile(source);

        assertThatThrownBy(() -> admin.register(List.of(BUCKET), viewPath("rides")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admin.register(List.of(), viewPath("rides"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admin.register(source, List.of("rides"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admin.createTableAs(List.of("summary"), "SELECT 1 AS n"))
                .isInstanceOf(InvalidInputException.class);
        assertNothingChanged();
    }

    @Test
    void describesItselfWithoutASecret() {
        assertThat(admin.describe()).isNotBlank();
        for (String secret : secrets()) {
            assertThat(admin.describe()).doesNotContain(secret);
            assertThat(admin.toString()).doesNotContain(secret);
        }
    }

    @Test
    void answersItsHealthCheck() {
        Health health = admin.health();

        assertThat(health.status()).as(health.message()).isEqualTo(Health.Status.UP);
        assertThat(health.backend()).isNotBlank();
        for (String secret : secrets()) {
            assertThat(health.backend()).doesNotContain(secret);
            assertThat(health.message()).doesNotContain(secret);
        }
    }
}
