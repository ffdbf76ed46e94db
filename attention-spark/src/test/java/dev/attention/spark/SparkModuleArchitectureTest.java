package dev.attention.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * This module's own boundary, as sentences; the other modules' rules about Spark live in the CLI's
 * ArchitectureTest, whose class path sees them all but not Spark.
 */
class SparkModuleArchitectureTest {
    /** The engine's packages: core and the modules it brings. */
    private static final String[] ENGINE = {"dev.attention.core", "dev.attention.kernel", "dev.attention.io",
        "dev.attention.assembly", "dev.attention.train", "dev.attention.stream", "dev.attention.render"};
    /** Internal engine classes this module still uses; the list may only shrink (empty: none). */
    private static final Set<String> NOT_YET = Set.of();

    private static JavaClasses ours;

    @BeforeAll
    static void importMainClasses() {
        // The whole engine too: a dependency's annotations are read only from classes that were imported.
        ours = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.attention");
        assertTrue(ours.stream().anyMatch(c -> c.getPackageName().startsWith("dev.attention.spark")),
                "analysed no class of the spark module");
    }

    @Test
    void the_spark_module_builds_on_the_api_and_the_engine_only() {
        classes().that().resideInAPackage("dev.attention.spark..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.attention.spark..", "dev.attention.api..",
                        "dev.attention.core..", "dev.attention.assembly..", "dev.attention.train..", "dev.attention.io..",
                        "dev.attention.kernel..", "org.apache.spark..", "org.apache.hadoop..", "scala..", "org.slf4j..", "java..")
                .as("the spark module depends only on the API, the engine, Spark, Hadoop's file systems, Scala, SLF4J and the JDK")
                .because("plugins arrive by ServiceLoader and Guice stays inside core")
                .allowEmptyShould(false).check(ours);
    }

    @Test
    void the_spark_module_uses_only_what_the_engine_publishes() {
        noClasses().that().resideInAPackage("dev.attention.spark..")
                .should().dependOnClassesThat(DescribedPredicate.describe("internal to the engine",
                        c -> isInternal(c) && !NOT_YET.contains(c.getName())))
                .as("the spark module uses only what the engine publishes (no class marked @API(status = INTERNAL))")
                .because("an application on the library must survive changes to the engine's internals")
                .allowEmptyShould(false).check(ours);
    }

    /** By the class's own {@code @API}, else its enclosing class's, else its package's. */
    private static boolean isInternal(JavaClass c) {
        if (java.util.Arrays.stream(ENGINE).noneMatch(p -> c.getPackageName().startsWith(p))) {
            return false;
        }
        for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
            Optional<API> own = k.get().tryGetAnnotationOfType(API.class);
            if (own.isPresent()) {
                return own.get().status() == API.Status.INTERNAL;
            }
        }
        return c.getPackage().tryGetAnnotationOfType(API.class).map(a -> a.status() == API.Status.INTERNAL)
                .orElse(true);
    }
}
