package io.lifeboat.fencing;

import java.util.Optional;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.FenceAcknowledged;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.policy.PolicySession;

/**
 * An operator's "I powered it off myself" ({@code fence_ack_manual}): the one way in for the live service
 * ({@code POST /api/v1/hosts/{name}/fence/ack}) and for simulate ({@code FENCE_ACK}). Runs on the thread that owns the
 * session (the policy loop, or the simulation).
 *
 * <p>The caller gets its answer at once, from the session as it stands: a host is acknowledged only when it is
 * silent, has not answered since, and is not confirmed off yet. An accepted acknowledgement goes to the dispatcher's
 * {@link PowerLedger} first, so the starts it allows pass the dispatcher's own check, then to the rules as a
 * {@link FenceAcknowledged}. The rules have the last word (failover.fence-acknowledged, failover.fence-ack-refused)
 * and report either way, so a refusal is journalled too.
 */
public class ManualFenceConfirmation {
    private final PowerLedger ledger;

    public ManualFenceConfirmation(PowerLedger ledger) {
        this.ledger = ledger;
    }

    /** What became of an acknowledgement. */
    public enum Verdict {
        /** The host is confirmed off: its HA VMs are restarted elsewhere. */
        ACCEPTED,
        /** No such host in the cluster. */
        UNKNOWN_HOST,
        /** The host answers (or answered since it went silent): it may run its VMs. */
        NOT_SILENT,
        /** The host is confirmed off already. */
        ALREADY_CONFIRMED_OFF
    }

    public record Answer(Verdict verdict, String message) {
        public boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    /** {@code by} (the API user) says {@code host} is powered off. */
    public Answer acknowledge(PolicySession session, String host, String by) {
        Optional<Host> known = session.facts(Host.class).stream().filter(h -> h.getName().equals(host)).findFirst();
        if (known.isEmpty()) {
            return new Answer(Verdict.UNKNOWN_HOST, "no host named '" + host + "'");
        }
        Answer answer = verdict(session, known.get());
        if (answer.accepted()) {
            ledger.confirmOff(host);
        }
        session.insert(new FenceAcknowledged(host, by));
        return answer;
    }

    private static Answer verdict(PolicySession session, Host host) {
        String name = host.getName();
        if (host.getState() == HostState.FENCED) {
            return new Answer(Verdict.ALREADY_CONFIRMED_OFF, name + " is confirmed off already");
        }
        Optional<HostUnresponsive> silence = session.facts(HostUnresponsive.class).stream()
                .filter(u -> u.host().equals(name)).findFirst();
        boolean answeredSince = silence.isPresent() && session.facts(Heartbeat.class).stream()
                .anyMatch(b -> b.host().equals(name) && b.seq() > silence.get().lastHeartbeatSeq());
        if (host.getState() != HostState.UP || silence.isEmpty() || answeredSince) {
            return new Answer(Verdict.NOT_SILENT, name + " is not a silent host waiting for its fence (" + host.getState()
                    + (answeredSince || silence.isEmpty() ? ", answering" : "") + "): it may run its VMs");
        }
        return new Answer(Verdict.ACCEPTED, name + " is confirmed off by hand: its HA VMs are restarted elsewhere");
    }
}
