package io.lifeboat.hypervisor;

/** A hypervisor call failed; the message is safe to show operators. */
public class HypervisorException extends Exception {
    public HypervisorException(String message) {
        super(message);
    }

    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
