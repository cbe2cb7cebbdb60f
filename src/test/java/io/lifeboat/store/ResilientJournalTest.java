package io.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLNonTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.LeaderStamp;
import io.lifeboat.policy.ManualClock;

/**
 * The journal through a database outage, against a database that can be switched off: what cannot be written there
 * goes to the local file, in order, and reaches the database once, before anything new, when it answers again.
 */
class ResilientJournalTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final List<JournalMode> modes = new ArrayList<>();
    private SwitchableDatabase database;
    private LocalJournal file;
    private ResilientJournal journal;

    /** The database's journal, keeping what it was given in memory; down, it fails as a refused connection does. */
    static class SwitchableDatabase extends JournalStore {
        boolean reachable = true;
        final List<String> written = new ArrayList<>();

        @Override
        public void recordIntent(Action action) {
            check();
            written.add("intent " + action.getKey());
        }

        @Override
        public void recordOutcome(Action action, ActionOutcome outcome) {
            check();
            written.add("outcome " + action.getKey() + " " + outcome.status());
        }

        @Override
        public void merge(List<LocalJournal.Line> lines) {
            check();
            lines.forEach(l -> written.add("merged " + l.kind() + " " + l.actionKey()));
        }

        @Override
        public boolean answers() {
            return reachable;
        }

        private void check() {
            if (!reachable) {
                throw new JDBCConnectionException("Unable to acquire JDBC Connection",
                        new SQLNonTransientConnectionException("Socket fail to connect. Connection refused", "08000"));
            }
        }
    }

    @AfterEach
    void closeTheFile() {
        try {
            journal.close();
        } catch (RuntimeException closedAlready) {
            // a test closed it to reopen the file
        }
    }

    @BeforeEach
    void open() {
        database = new SwitchableDatabase();
        database.clock = clock;
        database.json = json;
        file = new LocalJournal(dir.resolve("journal.wal"), json);
        journal = new ResilientJournal();
        journal.clock = clock;
        journal.database = database;
        journal.open(file, modes::add);
    }

    @Test
    void databaseDown_actionsGoToTheFileInOrder_andReachTheDatabaseOnceByTheMerge_beforeAnythingNew() {
        Alert first = alert("1");
        database.reachable = false;

        journal.recordIntent(first);
        journal.recordOutcome(first, ActionOutcome.succeeded(first.getKey(), "done"));

        assertThat(database.written).isEmpty();
        assertThat(file.lines()).extracting(l -> l.kind() + " " + l.actionKey() + " " + l.status())
                .containsExactly("INTENT a/1 DISPATCHED", "OUTCOME a/1 SUCCEEDED");
        assertThat(journal.mode().local()).isTrue();
        assertThat(modes).singleElement().satisfies(m -> assertThat(m.reason()).contains("Unable to acquire"));

        database.reachable = true;
        journal.recordIntent(alert("2"));
        assertThat(database.written).as("nothing new before the file is merged").isEmpty();

        assertThat(journal.mergeIfKeptLocally()).isTrue();
        journal.recordIntent(alert("3"));

        assertThat(database.written).as("the file first, in its order, then new entries")
                .containsExactly("merged INTENT a/1", "merged OUTCOME a/1", "merged INTENT a/2", "intent a/3");
        assertThat(file.lines()).isEmpty();
        assertThat(journal.mode().local()).isFalse();
        assertThat(modes).hasSize(2).last().satisfies(m -> assertThat(m.local()).isFalse());
    }

    @Test
    void databaseStillDown_theMergeWaits_andNewEntriesJoinTheFile() {
        database.reachable = false;
        journal.recordIntent(alert("1"));

        journal.mergeIfKeptLocally();
        journal.recordIntent(alert("2"));

        assertThat(file.lines()).extracting(LocalJournal.Line::actionKey).containsExactly("a/1", "a/2");
        database.reachable = true;
        journal.mergeIfKeptLocally();
        assertThat(database.written).containsExactly("merged INTENT a/1", "merged INTENT a/2");
        assertThat(file.isEmpty()).isTrue();
    }

    @Test
    void aRefusalOfLifeboatsOwn_staysARefusal() {
        JournalStore refusing = new SwitchableDatabase() {
            @Override
            public void recordIntent(Action action) {
                throw new IllegalStateException("action " + action.getKey() + " was journalled already");
            }
        };
        journal.database = refusing;

        assertThatThrownBy(() -> journal.recordIntent(alert("1"))).hasMessageContaining("journalled already");
        assertThat(journal.mode().local()).isFalse();
        assertThat(file.lines()).isEmpty();
    }

    @Test
    void aLineTornByACrash_isCutOffWhenTheFileIsOpened_andLaterAppendsReadBack() throws Exception {
        database.reachable = false;
        journal.recordIntent(alert("1"));
        journal.close();
        Files.writeString(file.file(), "{\"kind\":\"INTENT\",\"actionKey\":\"a/2\"", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND); // the crash came in the middle of a/2's append: a/2 was never carried out

        LocalJournal reopened = new LocalJournal(file.file(), json);
        restarted(reopened).recordIntent(alert("3"));

        assertThat(reopened.lines()).extracting(LocalJournal.Line::actionKey).containsExactly("a/1", "a/3");
        reopened.close();
    }

    @Test
    void oneFileOneLifeboat_aSecondOpenIsRefused() {
        assertThatThrownBy(() -> new LocalJournal(file.file(), json)).hasMessageContaining("in use by another Lifeboat");
    }

    @Test
    void anActionUnderALease_isRefusedWhileTheDatabaseIsDown_andTheFileModeEndsOnlyWhenTheDatabaseAnswers() {
        database.reachable = false;
        Alert leased = alert("1");
        leased.decidedBy(new LeaderStamp("c", "replica-a", 7));
        assertThatThrownBy(() -> journal.recordIntent(leased)).hasMessageContaining("cannot be checked");
        assertThat(file.lines()).as("never kept locally").isEmpty();
        assertThat(journal.mode().local()).as("the outage is known, though nothing was kept").isTrue();

        assertThat(journal.mergeIfKeptLocally()).isFalse();
        assertThat(journal.mode().local()).as("no flapping while the database is still away").isTrue();
        database.reachable = true;
        assertThat(journal.mergeIfKeptLocally()).isTrue();
        assertThat(journal.mode().local()).isFalse();
    }

    @Test
    void aMergeTheDatabaseRefuses_keepsTheFile_andTheFileMode() {
        database.reachable = false;
        journal.recordIntent(alert("1"));
        journal.database = new SwitchableDatabase() {
            @Override
            public void merge(List<LocalJournal.Line> lines) {
                throw new IllegalStateException("the local journal holds an outcome whose intent is nowhere");
            }
        };

        assertThat(journal.mergeIfKeptLocally()).isFalse();
        assertThat(journal.mode().local()).isTrue();
        assertThat(file.lines()).extracting(LocalJournal.Line::actionKey).containsExactly("a/1");
    }

    @Test
    void anActionKeptLocally_isNotJournalledTwice() {
        database.reachable = false;
        Alert once = alert("1");
        journal.recordIntent(once);

        assertThatThrownBy(() -> journal.recordIntent(once)).hasMessageContaining("journalled already");
        assertThat(file.lines()).hasSize(1);
    }

    @Test
    void entriesOfAnEarlierRun_makeTheJournalLocalUntilMerged() {
        database.reachable = false;
        journal.recordIntent(alert("1"));

        journal.close(); // the process stops
        ResilientJournal restarted = restarted(new LocalJournal(file.file(), json));
        assertThat(restarted.mode().local()).isTrue();
        database.reachable = true;
        restarted.mergeIfKeptLocally();
        assertThat(database.written).containsExactly("merged INTENT a/1");
        assertThat(restarted.mode().local()).isFalse();
        restarted.close();
    }

    /** The journal of a Lifeboat started again on the same file and database. */
    private ResilientJournal restarted(LocalJournal reopened) {
        ResilientJournal restarted = new ResilientJournal();
        restarted.clock = clock;
        restarted.database = database;
        restarted.open(reopened, m -> { });
        return restarted;
    }

    private static Alert alert(String n) {
        Alert alert = new Alert("cluster/c", "TEST", "a test alert " + n);
        alert.assign("a/" + n, Explanation.NONE);
        return alert;
    }
}
