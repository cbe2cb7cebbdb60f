package io.lifeboat.policy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A rule base queued for the policy loop: taken over completely, or never. Whoever waits for it and gives up first
 * cancels it, so a swap that was reported refused can never go live later; once the loop started it, it is waited for
 * to its end, which comes because rule firing is bounded ({@link PolicySession#MAX_FIRINGS}).
 */
public final class SessionSwap {
    private enum State { QUEUED, RUNNING, CANCELLED }

    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** The loop claims the swap; false if it was cancelled first. */
    boolean start() {
        return state.compareAndSet(State.QUEUED, State.RUNNING);
    }

    void succeeded() {
        done.complete(null);
    }

    void failed(RuntimeException cause) {
        done.completeExceptionally(cause);
    }

    /**
     * Returns once the new rules are live.
     *
     * @throws SwapRefusedException if they failed while taking over, or the loop had not started the swap within
     *                              {@code timeout} (it is then cancelled: nothing changed, nothing will)
     */
    public void await(Duration timeout) {
        try {
            try {
                done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (state.compareAndSet(State.QUEUED, State.CANCELLED)) {
                    throw new SwapRefusedException("the live session did not take the new rules within " + timeout
                            + "; the swap is cancelled and the live policy is unchanged");
                }
                done.get();
            }
        } catch (ExecutionException e) {
            throw new SwapRefusedException("the new rules failed while taking over the live session: "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (state.compareAndSet(State.QUEUED, State.CANCELLED)) {
                throw new SwapRefusedException("interrupted while swapping the rules; the swap is cancelled");
            }
            throw new SwapRefusedException("interrupted while the live session took the new rules over");
        }
    }

    /** A rule base that could not take over the live session; the session kept its rules. */
    public static final class SwapRefusedException extends RuntimeException {
        SwapRefusedException(String message) {
            super(message);
        }
    }
}
