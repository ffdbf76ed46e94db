package dev.attention.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, as sentences. The CLI's test class path sees every module's main
 * classes, so the rules run here. Each rule also checks it analysed a non-zero number of classes:
 * a rule over nothing passes vacuously.
 */
class ArchitectureTest {
    private static final String API = "dev.attention.api..";
    private static final String CORE = "dev.attention.core..";
    private static final String KERNEL = "dev.attention.kernel..";
    private static final String IO = "dev.attention.io..";
    private static final String ASSEMBLY = "dev.attention.assembly..";
    private static final String TRAIN = "dev.attention.train..";
    private static final String STREAM = "dev.attention.stream..";
    private static final String RENDER = "dev.attention.render..";
    /** Every engine module: what an embedder gets with the one coordinate attention-core. */
    private static final String[] ENGINE = {KERNEL, IO, ASSEMBLY, TRAIN, STREAM, RENDER, CORE};
    private static final String CLI = "dev.attention.cli..";
    private static final String TCK = "dev.attention.tck..";
    /** attention-spark: not on this class path, so the rules below check everyone else stays off Spark. */
    private static final String SPARK_MODULE = "dev.attention.spark..";
    private static final String[] PLUGINS = {"dev.attention.alignments..", "dev.attention.distributions..",
        "dev.attention.variants.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.attention");
    }

    private static void check(ArchRule rule, String... packages) {
        long analysed = classes.stream()
                .filter(c -> java.util.Arrays.stream(packages).anyMatch(p -> c.getPackageName()
                        .startsWith(p.replace("..", ""))))
                .count();
        assertTrue(analysed > 0, "rule '" + rule.getDescription() + "' analysed no classes");
        rule.allowEmptyShould(false).check(classes);
    }

    @Test
    void the_api_depends_on_nothing_of_ours_and_no_third_party_library() {
        check(classes().that().resideInAPackage(API)
                .should().onlyDependOnClassesThat().resideInAnyPackage(API, "java..", "org.slf4j..")
                .as("the API depends on nothing of ours and on no library but slf4j-api")
                .because("embedders and plugin authors compile against it alone"), API);
    }

    private static final ArchRule PLUGINS_ONLY_USE_THE_API = classes().that().resideInAnyPackage(PLUGINS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PLUGINS, API, "java.."))
            .as("plugins depend only on the API and the JDK")
            .because("a plugin must load into any engine version that speaks the same API");

    private static final ArchRule CORE_NAMES_NO_PLUGIN = noClasses().that().resideInAnyPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(PLUGINS)
            .as("the engine names no concrete plugin class")
            .because("core finds plugins through ServiceLoader only");

    private static final ArchRule ONLY_THE_SPARK_MODULE_USES_SPARK = noClasses()
            .that().resideOutsideOfPackage(SPARK_MODULE)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
            .as("only the spark module uses Spark")
            .because("Spark is a large provided dependency with its own Jackson, Guava and Scala; the library and "
                    + "the command line must run without it");

    /**
     * The engine's modules as layers, lowest first: api; kernel and io; render (io); assembly
     * (registry, config, data, pipelines: kernel, io); train and stream (assembly); core, the
     * facade, over all of them; the CLI on top. Each may use only the layers below it.
     */
    private static final ArchRule ENGINE_LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy(API)
            .layer("kernel").definedBy(KERNEL)
            .layer("io").definedBy(IO)
            .layer("render").definedBy(RENDER)
            .layer("assembly").definedBy(ASSEMBLY)
            .layer("train").definedBy(TRAIN)
            .layer("stream").definedBy(STREAM)
            .layer("core").definedBy(CORE)
            .layer("cli").definedBy(CLI)
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("core").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("train").mayOnlyBeAccessedByLayers("core", "cli")
            .whereLayer("stream").mayOnlyBeAccessedByLayers("core", "cli")
            .whereLayer("render").mayOnlyBeAccessedByLayers("core", "cli")
            .whereLayer("assembly").mayOnlyBeAccessedByLayers("train", "stream", "core", "cli")
            .whereLayer("io").mayOnlyBeAccessedByLayers("render", "assembly", "train", "stream", "core", "cli")
            .whereLayer("kernel").mayOnlyBeAccessedByLayers("assembly", "core", "cli")
            .as("the engine's modules are layers: api < kernel, io < render, assembly < train, stream < core < cli")
            .because("each module compiles against the ones below it only (Maven refuses a cycle), so a class "
                    + "that reaches up belongs to a higher module");

    @Test
    void engine_modules_use_only_the_layers_below_them() {
        check(ENGINE_LAYERS, ENGINE);
    }

    @Test
    void the_layer_rule_catches_the_kernel_reaching_up_to_core() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(
                dev.attention.kernel.archfixture.ReachesUp.class, dev.attention.core.Attention.class);
        assertTrue(ENGINE_LAYERS.evaluate(fixtures).hasViolation(), "a kernel class using core is caught");
    }

    /**
     * Engine classes the CLI still uses although they are internal; each goes when the facade
     * offers what the CLI needs from it. The list may only shrink.
     */
    private static final Set<String> CLI_NOT_YET = Set.of();

    /**
     * An engine class marked {@code @API(status = INTERNAL)}: by its own annotation, else its
     * enclosing class's, else its package's (package-info).
     */
    static final DescribedPredicate<JavaClass> INTERNAL_TO_THE_ENGINE = DescribedPredicate.describe(
            "internal to the engine", c -> java.util.Arrays.stream(ENGINE).anyMatch(p -> c.getPackageName()
                    .startsWith(p.replace("..", ""))) && status(c) == org.apiguardian.api.API.Status.INTERNAL);

    private static org.apiguardian.api.API.Status status(JavaClass c) {
        for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
            Optional<org.apiguardian.api.API> own = k.get().tryGetAnnotationOfType(org.apiguardian.api.API.class);
            if (own.isPresent()) {
                return own.get().status();
            }
        }
        return c.getPackage().tryGetAnnotationOfType(org.apiguardian.api.API.class)
                .map(org.apiguardian.api.API::status).orElse(org.apiguardian.api.API.Status.INTERNAL);
    }

    private static final ArchRule CLI_USES_THE_PUBLISHED_ENGINE = noClasses().that().resideInAPackage(CLI)
            .should().dependOnClassesThat(INTERNAL_TO_THE_ENGINE.and(DescribedPredicate.describe(
                    "not listed as not yet moved", c -> !CLI_NOT_YET.contains(c.getName()))))
            .as("the CLI uses only what the engine publishes (no class marked @API(status = INTERNAL))")
            .because("an application on the library must survive changes to the engine's internals");

    @Test
    void the_cli_uses_only_what_the_engine_publishes() {
        check(CLI_USES_THE_PUBLISHED_ENGINE, CLI);
    }

    @Test
    void the_published_rule_catches_an_internal_class_and_sees_the_published_ones() {
        JavaClasses engine = new ClassFileImporter().importPackages("dev.attention.kernel", "dev.attention.core");
        assertTrue(INTERNAL_TO_THE_ENGINE.test(engine.get("dev.attention.kernel.ForwardPass")), "package default");
        assertTrue(!INTERNAL_TO_THE_ENGINE.test(engine.get(dev.attention.kernel.EngineKernel.class)), "type-level");
        assertTrue(!INTERNAL_TO_THE_ENGINE.test(engine.get(dev.attention.core.AttentionEngine.class)), "facade");
    }

    @Test
    void the_kernel_depends_only_on_the_api_the_jdk_and_slf4j() {
        check(classes().that().resideInAPackage(KERNEL)
                .should().onlyDependOnClassesThat().resideInAnyPackage(KERNEL, API, "java..", "jdk.incubator.vector..",
                        "org.slf4j..", "org.apiguardian..")
                .as("the kernel depends only on the API, the JDK (with the Vector API), slf4j and API markers")
                .because("it is the hot path any engine module may call, and a library would cost every call"), KERNEL);
    }

    @Test
    void the_engine_modules_below_core_know_no_guice() {
        check(noClasses().that().resideInAnyPackage(KERNEL, IO, ASSEMBLY, TRAIN, STREAM, RENDER)
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .as("the engine modules below core know no Guice")
                .because("core wires them; each stays usable with plain constructors"),
                KERNEL, IO, ASSEMBLY, TRAIN, STREAM, RENDER);
    }

    @Test
    void plugins_depend_only_on_the_api() {
        check(PLUGINS_ONLY_USE_THE_API, PLUGINS);
    }

    /** The rules can fail: fixtures in the test sources break them on purpose. */
    @Test
    void the_rules_catch_a_plugin_importing_core_and_core_naming_a_plugin() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(
                dev.attention.alignments.archfixture.ImportsCore.class,
                dev.attention.core.archfixture.NamesAPlugin.class);
        assertTrue(PLUGINS_ONLY_USE_THE_API.evaluate(fixtures).hasViolation(), "plugin importing core is caught");
        assertTrue(CORE_NAMES_NO_PLUGIN.evaluate(fixtures).hasViolation(), "core naming a plugin is caught");
    }

    @Test
    void plugin_modules_do_not_depend_on_each_other() {
        for (String plugin : PLUGINS) {
            String[] others = java.util.Arrays.stream(PLUGINS).filter(p -> !p.equals(plugin)).toArray(String[]::new);
            check(noClasses().that().resideInAPackage(plugin)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .as("plugin module " + plugin + " does not depend on another plugin module")
                    .because("modules are picked independently by embedders"), plugin);
        }
    }

    @Test
    void the_tck_depends_only_on_the_api_and_junit() {
        check(classes().that().resideInAPackage(TCK)
                .should().onlyDependOnClassesThat().resideInAnyPackage(TCK, API, "java..", "org.junit..",
                        "org.opentest4j..")
                .as("the TCK depends only on the API and JUnit")
                .because("third-party plugin projects test with it against the API alone"), TCK);
    }

    @Test
    void no_main_code_depends_on_the_tck() {
        check(noClasses().that().resideOutsideOfPackage(TCK)
                .should().dependOnClassesThat().resideInAPackage(TCK)
                .as("no main code depends on the TCK")
                .because("the TCK is test code; shipping it would put JUnit on an embedder's class path"), TCK);
    }

    @Test
    void nobody_depends_on_the_cli() {
        check(noClasses().that().resideOutsideOfPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage(CLI)
                .as("nobody depends on the CLI")
                .because("the CLI is an application on top of the library, not part of it"), concat(ENGINE, API));
    }

    @Test
    void only_the_spark_module_uses_spark() {
        check(ONLY_THE_SPARK_MODULE_USES_SPARK, concat(concat(PLUGINS, ENGINE), API, CLI));
    }

    @Test
    void nobody_depends_on_the_spark_module() {
        check(noClasses().that().resideOutsideOfPackage(SPARK_MODULE)
                .should().dependOnClassesThat().resideInAPackage(SPARK_MODULE)
                .as("nobody depends on the spark module")
                .because("it is an application of the library on Spark, like the CLI on a terminal"),
                concat(concat(PLUGINS, ENGINE), API, CLI));
    }

    @Test
    void the_spark_rule_catches_core_using_spark() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(dev.attention.core.archfixture.UsesSpark.class);
        assertTrue(ONLY_THE_SPARK_MODULE_USES_SPARK.evaluate(fixtures).hasViolation(), "core using Spark is caught");
    }

    @Test
    void the_engine_names_no_concrete_plugin_class() {
        check(CORE_NAMES_NO_PLUGIN, ENGINE);
    }

    @Test
    void only_core_uses_guice() {
        check(noClasses().that().resideOutsideOfPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .as("only core uses Guice")
                .because("configuration reaches plugins through the API's PluginContext"), API, CLI);
    }

    @Test
    void packages_are_free_of_cycles() {
        check(slices().matching("dev.attention.(**)").should().beFreeOfCycles()
                .as("packages are free of cycles"), "dev.attention");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
