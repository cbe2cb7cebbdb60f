package io.lifeboat.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import io.lifeboat.api.Roles;
import io.lifeboat.testing.ApiUsers;
import io.lifeboat.testing.TwoDemoClusters;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The dashboard of a deployment with two clusters (demo on h1-h3, demo-2 on h4-h6), in Debian's chromium: a picker
 * names both, and the map, the journal and the config follow the cluster picked, kept in the page's address.
 */
@QuarkusTest
@TestProfile(TwoDemoClusters.class)
class ClusterPickerBrowserTest {
    private static final Duration SOON = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL base;

    @Test
    void thePickerNamesBothClusters_andTheMapFollowsTheOnePicked() {
        assertThat(Browser.installed()).as("chromium and chromium-driver").isTrue();
        try (Browser b = new Browser(base)) {
            b.logIn(Roles.ADMIN, ApiUsers.ADMIN_PASSWORD);
            b.waiting(SOON).until(d -> b.all(".host").size() == 3);
            Select picker = new Select(b.find("#cluster-pick"));
            assertThat(picker.getOptions()).extracting(o -> o.getText()).containsExactly("demo", "demo-2");
            assertThat(hosts(b)).containsExactly("h1", "h2", "h3");

            picker.selectByVisibleText("demo-2");

            b.waiting(SOON).until(d -> hosts(b).equals(java.util.List.of("h4", "h5", "h6")));
            assertThat(b.find("[data-host='h4']").getText()).contains("db1-2");
            assertThat((String) b.script("return location.search")).isEqualTo("?cluster=demo-2");
            b.open("/?cluster=demo-2#config"); // a new page: the address keeps the choice
            b.waiting(SOON).until(d -> b.find("#document").getText().contains("h5"));
            assertThat(b.find("#document").getText()).as("the config tab shows demo-2's document")
                    .contains("demo-2").doesNotContain("\"h2\"");
        }
    }

    private static java.util.List<String> hosts(Browser b) {
        return b.all(".host").stream().map(e -> e.getAttribute("data-host")).toList();
    }
}
