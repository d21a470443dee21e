package io.redback.rdw.tck;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.Provider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What every {@link Provider} of a module must do, for each provider {@link ServiceLoader} finds in the module's
 * packages: be registered (every public provider class of the module is listed in
 * {@code META-INF/services/io.redback.rdw.spi.Provider}), have a public no-argument constructor and a lower-case name,
 * declare its keys as {@code rdw.<area>.<name>} with a description and upper-case environment names (the same way as
 * the module's other providers), check an empty configuration without failing and without showing a secret, not
 * select itself on an empty configuration unless it is the fallback, and answer its health check.
 *
 * <pre>{@code
 * class StorageProvidersTest extends ProviderContract {
 *     protected String packagePrefix() { return "io.redback.rdw.storage."; }
 * }
 * }</pre>
 */
public abstract class ProviderContract {
    /** The value given to every secret setting: it must never show in a message. */
    protected static final String SECRET = "tck-Secret-7f3a9c";
    private static final String KEY = "rdw\\.[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+";
    private static final String ENV = "[A-Z][A-Z0-9_]*";

    /** The module's package, with its trailing dot: {@code io.redback.rdw.storage.}. */
    protected abstract String packagePrefix();

    /** The module's providers, as {@link ServiceLoader} finds them on the test's class path. */
    protected List<Provider> providers() {
        List<Provider> found = new ArrayList<>();
        for (Provider p : ServiceLoader.load(Provider.class, Provider.class.getClassLoader())) {
            if (p.getClass().getName().startsWith(packagePrefix())) {
                found.add(p);
            }
        }
        return found;
    }

    @Test
    void theModuleRegistersEveryPublicProviderClass() throws Exception {
        List<Provider> providers = providers();
        assertThat(providers).as("providers found by ServiceLoader under " + packagePrefix()).isNotEmpty();
        Set<String> registered = new LinkedHashSet<>();
        providers.forEach(p -> registered.add(p.getClass().getName()));

        assertThat(providerClasses(providers)).as("public provider classes of the module, each listed in "
                + "META-INF/services/" + Provider.class.getName()).isSubsetOf(registered);
    }

    @Test
    void eachHasAPublicNoArgumentConstructorAndALowerCaseName() {
        assertThat(providers()).allSatisfy(p -> {
            Class<?> type = p.getClass();
            assertThat(Modifier.isPublic(type.getModifiers())).as(type.getName() + " is public").isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers()))
                    .as(type.getName() + " has a public constructor without arguments").isTrue();
            assertThat(p.name()).as("name of " + type.getName()).isNotBlank().matches("[a-z0-9][a-z0-9_-]*");
        });
    }

    @Test
    void eachKeyIsNamedDescribedAndSetByUpperCaseEnvironmentNames() {
        assertThat(providers()).allSatisfy(p -> assertThat(p.keys()).as("keys of " + p.getClass().getName())
                .doesNotContainNull()
                .allSatisfy(k -> {
                    assertThat(k.name()).as("a key is rdw.<area>.<name>").matches(KEY);
                    assertThat(k.description()).as("description of " + k.name()).isNotBlank();
                    assertThat(k.env()).as("environment names of " + k.name()).allSatisfy(e -> assertThat(e).matches(ENV));
                }));
    }

    @Test
    void twoProvidersOfTheModuleNeverDeclareOneKeyDifferently() {
        Map<String, ConfigKey> seen = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Provider p : providers()) {
            for (ConfigKey k : p.keys()) {
                ConfigKey before = seen.putIfAbsent(k.name(), k);
                owner.putIfAbsent(k.name(), p.getClass().getName());
                if (before != null && !before.equals(k)) {
                    conflicts.add(k.name() + ": " + before + " by " + owner.get(k.name()) + ", " + k + " by "
                            + p.getClass().getName());
                }
            }
        }
        assertThat(conflicts).isEmpty();
    }

    @Test
    void checksAnEmptyConfigurationWithoutFailing() {
        RdwConfig empty = configuration(Map.of());
        assertThat(providers()).allSatisfy(p -> assertThat(p.validate(empty))
                .as("problems " + p.getClass().getName() + " finds in an empty configuration").isNotNull()
                .doesNotContainNull()
                .allSatisfy(problem -> assertThat(problem).doesNotContain(SECRET)));
    }

    @Test
    void neverShowsASecretWhenItChecksTheSettings() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigKey k : declaredKeys()) {
            if (k.isSecret() && (k.type() == ConfigKey.Type.TEXT || k.type() == ConfigKey.Type.LIST)) {
                values.put(k.name(), SECRET);
            } else if (k.isSecret() && k.type() == ConfigKey.Type.URL) {
                values.put(k.name(), "http://" + SECRET.toLowerCase() + ".example:9047");
            } else if (k.type() == ConfigKey.Type.URL) {
                values.put(k.name(), "http://127.0.0.1:9"); // an endpoint makes providers check their credentials
            }
        }
        RdwConfig config = configuration(values);
        assertThat(providers()).allSatisfy(p -> assertThat(p.validate(config))
                .as("problems " + p.getClass().getName() + " finds with every secret set").isNotNull()
                .allSatisfy(problem -> assertThat(problem.toLowerCase()).doesNotContain(SECRET.toLowerCase())));
    }

    @Test
    void selectsItselfOnAnEmptyConfigurationOnlyAsTheFallback() {
        RdwConfig empty = configuration(Map.of());
        assertThat(providers()).allSatisfy(p -> {
            Optional<String> reason = p.selectedBy(empty);
            assertThat(reason).as("why " + p.getClass().getName() + " is selected by an empty configuration").isNotNull();
            if (!p.fallback()) {
                assertThat(reason).as("why " + p.getClass().getName() + " is selected by an empty configuration")
                        .isEmpty();
            }
        });
    }

    @Test
    void answersItsHealthCheckOnAnEmptyConfiguration() {
        RdwConfig empty = configuration(Map.of());
        assertThat(providers()).allSatisfy(p -> assertThatCode(() -> {
            List<Health> health = p.health(empty);
            assertThat(health).as("health of " + p.getClass().getName()).isNotNull().doesNotContainNull();
        }).doesNotThrowAnyException());
    }

    /**
     * A configuration of only these values (no environment, system property or file), knowing the keys of the
     * module's providers without running their checks, so that each check is called here on its own.
     */
    protected RdwConfig configuration(Map<String, String> values) {
        RdwConfig.Builder b = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .providers(List.of(new Declaring(declaredKeys())));
        values.forEach(b::set);
        return b.build();
    }

    /** Each key the module's providers declare, once by name. */
    private List<ConfigKey> declaredKeys() {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        for (Provider p : providers()) {
            p.keys().forEach(k -> keys.putIfAbsent(k.name(), k));
        }
        return List.copyOf(keys.values());
    }

    /** Declares keys and checks nothing. */
    private record Declaring(List<ConfigKey> declared) implements Provider {
        @Override
        public String name() {
            return "tck";
        }

        @Override
        public List<ConfigKey> keys() {
            return declared;
        }
    }

    /**
     * The public, concrete provider classes under {@link #packagePrefix()} in the class folders or jars the found
     * providers come from.
     */
    private Set<String> providerClasses(List<Provider> providers) throws IOException, URISyntaxException {
        Set<Path> roots = new LinkedHashSet<>();
        for (Provider p : providers) {
            CodeSource source = p.getClass().getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location != null && location.getProtocol().equals("file")) {
                roots.add(Path.of(location.toURI()));
            }
        }
        Set<String> found = new LinkedHashSet<>();
        String folder = packagePrefix().replace('.', '/');
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                classesIn(root, root.resolve(folder), found);
            } else if (Files.isRegularFile(root)) {
                try (FileSystem jar = FileSystems.newFileSystem(root)) {
                    Path top = jar.getPath("/");
                    classesIn(top, top.resolve(folder), found);
                }
            }
        }
        return found;
    }

    private static void classesIn(Path root, Path folder, Set<String> found) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = root.relativize(f).toString().replace('\\', '/');
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name, false, Provider.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue; // a class that needs an optional library: it cannot be a registered provider either
                }
                if (Provider.class.isAssignableFrom(type) && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers()) && Modifier.isPublic(type.getModifiers())
                        && !type.isAnonymousClass() && !type.isLocalClass()) {
                    found.add(type.getName());
                }
            }
        }
    }
}
