package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * "Rules decide, Java acts": no shipped consequence reaches outside the session. A static check on the DRL text,
 * so that a consequence that prints, sleeps, opens a file or a socket, or calls a plugin fails the build.
 */
class PureConsequencesTest {
    private static final Pattern CONSEQUENCE = Pattern.compile("(?s)\\bthen\\b(.*?)\\n\\s*end\\b");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "System\\.|Thread|java\\.io|java\\.nio|java\\.net|ProcessBuilder|\\bRuntime\\b|Files\\.|Handler|Driver|"
                    + "Dispatcher|Runner|Journal|Store|LOG\\.|getLogger");

    @Test
    void shippedConsequences_onlyTouchTheSession() {
        List<String> impure = new ArrayList<>();
        for (RuleSource source : PolicySources.shipped()) {
            Matcher consequence = CONSEQUENCE.matcher(source.drl());
            while (consequence.find()) {
                Matcher bad = FORBIDDEN.matcher(consequence.group(1));
                if (bad.find()) {
                    impure.add(source.path() + ": " + bad.group() + " in " + consequence.group(1).strip());
                }
            }
        }
        assertThat(impure).isEmpty();
    }

    @Test
    void theCheckFindsAnImpureConsequence() {
        String drl = "rule \"x\" when Host() then System.out.println(\"x\");\nend";
        Matcher consequence = CONSEQUENCE.matcher(drl);

        assertThat(consequence.find()).isTrue();
        assertThat(FORBIDDEN.matcher(consequence.group(1)).find()).as("the pattern is not blind").isTrue();
        assertThat(FORBIDDEN.matcher("Runtime.getRuntime().exec(cmd);").find()).isTrue();
        assertThat(FORBIDDEN.matcher("kcontext.getKieRuntime().getSessionClock().getCurrentTime()").find())
                .as("the session's own (pseudo) clock is inside the session").isFalse();
    }
}
