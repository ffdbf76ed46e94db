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
    void the_spark_module_builds_on_the_api_and_core_only() {
        JavaClasses ours = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.attention.spark");
        assertTrue(ours.size() > 0, "analysed no classes");
        classes().that().resideInAPackage("dev.attention.spark..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.attention.spark..", "dev.attention.api..",
                        "dev.attention.core..", "org.apache.spark..", "scala..", "org.slf4j..", "java..")
                .as("the spark module depends only on the API, core, Spark, Scala, SLF4J and the JDK")
                .because("plugins arrive by ServiceLoader and Guice stays inside core")
                .allowEmptyShould(false).check(ours);
    }
}
