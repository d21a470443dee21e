package io.redback.rdw.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of {@code shared/design/LAYERING.md}, checked on every module's classes: API and SPI (rdw-core) at the
 * bottom, then backends, then capabilities built from SPIs, then faces. The build fails when a module imports a module
 * above it, another module's {@code internal} package, or a backend's implementation classes.
 */
class ArchitectureTest {
    /** rdw-core: the API, the SPI, the published helpers and core's own internals. */
    static final String[] CORE = {"io.redback.rdw", "io.redback.rdw.spi..", "io.redback.rdw.helpers..", "io.redback.rdw.internal.."};
    /** Backends: each implements SPIs over the library it wraps. */
    static final String[] BACKENDS = {"io.redback.rdw.storage..", "io.redback.rdw.query..",
            "io.redback.rdw.documents.embedded..", "io.redback.rdw.documents.mongo..", "io.redback.rdw.admin.postgres..",
            "io.redback.rdw.admin.logstash..", "io.redback.rdw.admin.openlineage..", "io.redback.rdw.admin.restic..", "io.redback.rdw.admin.clamd..",
            "io.redback.rdw.stream.kafka..",
            "io.redback.rdw.stream.airflow..",
            "io.redback.rdw.stream.mqtt.."};
    /** The libraries backends wrap: nothing above the backends may touch them. */
    static final String[] BACKEND_LIBRARIES = {"org.duckdb..", "io.minio..", "com.mongodb..", "org.bson..",
            "org.apache.arrow..", "org.apache.calcite..", "okhttp3..", "io.github.resilience4j..", "java.sql..",
            "org.apache.kafka..", "org.postgresql..", "io.openlineage..", "com.hivemq.."};
    /** Capabilities built from SPIs. */
    static final String[] CAPABILITIES = {"io.redback.rdw.etl..", "io.redback.rdw.documents", "io.redback.rdw.tables.."};
    /** Faces: the command, the Jupyter kernel, the examples. */
    static final String[] FACES = {"io.redback.rdw.cli..", "io.redback.rdw.jupyter..", "io.redback.rdw.examples.."};

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.redback.rdw");
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .as("the classes of every module are on this test's class path")
                .contains("io.redback.rdw", "io.redback.rdw.spi", "io.redback.rdw.tck", "io.redback.rdw.cli",
                        "io.redback.rdw.etl", "io.redback.rdw.storage", "io.redback.rdw.query.embedded",
                        "io.redback.rdw.admin.postgres", "io.redback.rdw.stream.kafka", "io.redback.rdw.tables");
    }

    @Test
    void coreKnowsNoBackendNoEngineNoNetworkLibrary() {
        classes().that().resideInAnyPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(CORE, "java..", "javax.annotation..",
                        "org.slf4j..", "com.fasterxml.jackson..", "org.reactivestreams..", "org.apache.commons.csv..",
                        "org.apache.commons.text..", "org.apache.commons.lang3.."))
                .because("rdw-core is the API and SPI layer: it knows no backend, no engine and no network library")
                .check(classes);
    }

    @Test
    void aLowerLayerNeverImportsAHigherOne() {
        noClasses().that().resideInAnyPackage(BACKENDS).should().dependOnClassesThat()
                .resideInAnyPackage(concat(CAPABILITIES, FACES)).because("backends sit below capabilities and faces")
                .check(classes);
        noClasses().that().resideInAnyPackage(CAPABILITIES).should().dependOnClassesThat().resideInAnyPackage(FACES)
                .because("capabilities sit below faces").check(classes);
        noClasses().that().resideInAnyPackage("io.redback.rdw.tck..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(BACKENDS, CAPABILITIES, FACES))
                .because("the test kit tests backends through the SPI only").check(classes);
    }

    @Test
    void aBackendNeverImportsAnotherBackend() {
        for (String backend : BACKENDS) {
            List<String> others = new ArrayList<>(List.of(BACKENDS));
            others.remove(backend);
            noClasses().that().resideInAPackage(backend).should().dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .because("a backend depends on the SPI and the library it wraps, never on another backend")
                    .check(classes);
        }
    }

    @Test
    void capabilitiesAndFacesReachBackendsOnlyThroughProviders() {
        noClasses().that().resideInAnyPackage(concat(CAPABILITIES, FACES)).should().dependOnClassesThat()
                .resideInAnyPackage(concat(BACKENDS, BACKEND_LIBRARIES))
                .because("a pipeline does not know whether DuckDB or Dremio runs its SQL, and the command chooses nothing "
                        + "by class name: backends are reached through providers")
                .check(classes);
    }

    @Test
    void noModuleImportsAnotherModulesInternals() {
        classes().that().resideInAPackage("io.redback.rdw..").should(new ArchCondition<>("not reach another module's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    if (target.startsWith("io.redback.rdw") && isInternal(target)
                            && !module(origin.getPackageName()).equals(module(target))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        }).because("what several modules share is a published helper package, not internal").check(classes);
    }

    @Test
    void noPublicRecordExposesARawBoolean() {
        List<String> offenders = new ArrayList<>();
        for (JavaClass c : classes) {
            Class<?> type = c.reflect();
            if (type.isRecord() && Modifier.isPublic(type.getModifiers()) && isPublicAll(type)) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    if (rc.getType() == boolean.class || rc.getType() == Boolean.class) {
                        offenders.add(type.getName() + "." + rc.getName());
                    }
                }
            }
        }
        assertThat(offenders).as("public records whose boolean should be an enum that says what it means").isEmpty();
    }

    @Test
    void rdwCoreNamesNoBackendInItsCode() throws IOException {
        Pattern literal = Pattern.compile("\"(?i:(s3|minio|dremio|postgres|postgresql|mongo|mongodb|duckdb|logstash|kafka|clamd|restic|embedded))\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root().resolve("rdw-core/src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = literal.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(root().relativize(f) + ":" + (i + 1) + " " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("backend names in rdw-core: backends are chosen among providers by their own names").isEmpty();
    }

    @Test
    void noMainClassIsOverAbout400Lines() throws IOException {
        List<String> large = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root())) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("rdw-")).toList()) {
                Path src = module.resolve("src/main/java");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        long n = Files.lines(f).count();
                        if (n > 420) {
                            large.add(root().relativize(f) + " (" + n + " lines)");
                        }
                    }
                }
            }
        }
        assertThat(large).as("main classes over about 400 lines: split them along their seams").isEmpty();
    }

    /** The module a package belongs to, as the layering names them. */
    static String module(String pkg) {
        String rest = pkg.equals("io.redback.rdw") ? "" : pkg.substring("io.redback.rdw.".length());
        String first = rest.isEmpty() ? "" : rest.split("\\.")[0];
        return Set.of("", "spi", "helpers", "internal").contains(first) ? "core" : first.toLowerCase(Locale.ROOT);
    }

    static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    private static boolean isPublicAll(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("rdw-core")) ? here : here.getParent();
    }

    private static String[] concat(String[] a, String... more) {
        return Stream.concat(Stream.of(a), Stream.of(more)).toArray(String[]::new);
    }

    private static String[] concat(String[] a, String[] b, String[] c) {
        return Stream.of(a, b, c).flatMap(Stream::of).toArray(String[]::new);
    }
}
