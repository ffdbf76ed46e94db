package dev.attention.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module's own boundary, as a sentence; the other modules' rules about Spark live in the CLI's
 * ArchitectureTest, whose class path sees them all but not Spark.
 */
class SparkModuleArchitectureTest {
    @Test
    void the_spark_module_builds_on_the_api_and_the_engine_only() {
        JavaClasses ours = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.attention.spark");
        assertTrue(ours.size() > 0, "analysed no classes");
        classes().that().resideInAPackage("dev.attention.spark..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.attention.spark..", "dev.attention.api..",
                        // The engine: core and the modules it brings (Spark reads configs and heads through them).
                        "dev.attention.core..", "dev.attention.assembly..", "dev.attention.train..", "dev.attention.io..",
                        "dev.attention.kernel..", "org.apache.spark..", "scala..", "org.slf4j..", "java..")
                .as("the spark module depends only on the API, the engine, Spark, Scala, SLF4J and the JDK")
                .because("plugins arrive by ServiceLoader and Guice stays inside core")
                .allowEmptyShould(false).check(ours);
    }
}
