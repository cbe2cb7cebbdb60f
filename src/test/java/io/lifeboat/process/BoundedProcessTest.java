package io.lifeboat.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way Lifeboat runs a plugin program (fence and alert agents), with real shell scripts. */
class BoundedProcessTest {
    @TempDir
    Path dir;

    @Test
    void stdinInEnvironmentEditedOutputsKept_exitCodeReported() throws IOException {
        BoundedProcess.Result result = BoundedProcess.of(List.of("sh", "-c",
                        "read line; echo \"got $line $MARK\"; echo oops >&2; exit 3"))
                .environment(env -> env.put("MARK", "m1")).stdin("hello\n").run(Duration.ofSeconds(10));

        assertThat(result.exited()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("got hello m1\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
    }

    @Test
    void programThatHangsWithAChild_isKilledWholeTreeAfterTheTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        long start = System.nanoTime();
        BoundedProcess.Result result = BoundedProcess.of(List.of("sh", "-c",
                "sleep 60 & echo $! > " + pidFile + "; echo started; wait")).run(Duration.ofMillis(500));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeout, not the sleep")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout()).as("what it printed before it was killed is kept").contains("started");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await("the child (sleep 60) was killed with its parent").atMost(Duration.ofSeconds(5))
                .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void floodOfOutput_isKeptToTheLimit_andNeverBlocksTheProgram() throws IOException {
        BoundedProcess.Result result = BoundedProcess.of(List.of("sh", "-c",
                        "head -c 1000000 /dev/zero | tr '\\0' x; head -c 1000000 /dev/zero | tr '\\0' y >&2"))
                .captureAtMost(1000).run(Duration.ofSeconds(20));

        assertThat(result.exited()).as("a full pipe never stalls it").isTrue();
        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.stderr()).hasSize(1000);
    }

    @Test
    void programThatNeverReadsStdin_stillRuns() throws IOException {
        BoundedProcess.Result result = BoundedProcess.of(List.of("sh", "-c", "exec 0<&-; echo done"))
                .stdin("x=1\n".repeat(1000)).run(Duration.ofSeconds(10));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("done\n");
    }
}
