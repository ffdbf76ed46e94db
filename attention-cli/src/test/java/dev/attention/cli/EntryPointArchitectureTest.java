package dev.attention.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.VariantProvider;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How shipped plugin jars declare their plugins (decision 31), as sentences. */
class EntryPointArchitectureTest {
    private static final List<String> PLUGIN_PACKAGES = List.of("dev.attention.alignments",
            "dev.attention.distributions", "dev.attention.variants");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PLUGIN_PACKAGES.toArray(String[]::new));
    }

    @Test
    void shipped_plugins_have_no_old_style_provider_classes() {
        noClasses().should().implement(AlignmentProvider.class)
                .orShould().implement(DistributionProvider.class)
                .orShould().implement(VariantProvider.class)
                .as("shipped plugin modules have no provider classes")
                .because("each module declares its plugins in its one AttentionPlugin entry point; provider"
                        + " classes stay loadable for third-party jars of the previous API only")
                .allowEmptyShould(false).check(classes);
    }

    @Test
    void entry_points_are_public_final_classes_services_can_create() {
        classes().that().implement(AttentionPlugin.class)
                .should().bePublic().andShould().haveModifier(JavaModifier.FINAL)
                .as("entry points are public final classes")
                .because("ServiceLoader creates them by their public no-argument constructor, and nothing"
                        + " should subclass one to change what a jar declares")
                .allowEmptyShould(false).check(classes);
    }

    @Test
    void each_plugin_module_has_exactly_one_entry_point() {
        for (String pkg : PLUGIN_PACKAGES) {
            List<String> entryPoints = classes.stream().filter(c -> c.getPackageName().equals(pkg))
                    .filter(c -> c.isAssignableTo(AttentionPlugin.class)).map(c -> c.getSimpleName()).toList();
            assertEquals(1, entryPoints.size(), pkg + " has one services line, so one entry point: " + entryPoints);
        }
    }
}
