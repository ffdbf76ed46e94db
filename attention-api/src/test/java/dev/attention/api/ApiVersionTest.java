package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.spi.PluginProvider;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void the_constant_is_the_major_and_minor_of_the_project_version() {
        String project = System.getProperty("attention.project.version");
        assertNotNull(project, "surefire passes the project version");
        assertEquals(project.replaceFirst("^(\\d+\\.\\d+).*$", "$1"), ApiVersion.CURRENT,
                "bump ApiVersion.CURRENT with the pom version");
        assertEquals(ApiVersion.CURRENT, PluginProvider.API_VERSION);
    }

    @Test
    void the_same_major_and_an_older_or_equal_minor_are_compatible() {
        String[] v = ApiVersion.CURRENT.split("\\.");
        assertEquals("", ApiVersion.incompatibility(ApiVersion.CURRENT));
        assertEquals("", ApiVersion.incompatibility(v[0] + ".0"));
    }

    @Test
    void another_major_a_newer_minor_or_no_version_is_refused_with_the_fix() {
        int major = Integer.parseInt(ApiVersion.CURRENT.split("\\.")[0]);
        int minor = Integer.parseInt(ApiVersion.CURRENT.split("\\.")[1]);
        String other = ApiVersion.incompatibility((major + 1) + ".0");
        assertTrue(other.contains("built for API " + (major + 1) + ".0") && other.contains("rebuild"), other);
        String newer = ApiVersion.incompatibility(major + "." + (minor + 1));
        assertTrue(newer.contains("upgrade the engine"), newer);
        assertTrue(ApiVersion.incompatibility("one").contains("not major.minor"));
        assertTrue(ApiVersion.incompatibility(null).contains("not major.minor"));
    }
}
