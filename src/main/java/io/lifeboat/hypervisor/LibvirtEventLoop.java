package io.lifeboat.hypervisor;

import org.jboss.logging.Logger;
import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * libvirt's default event loop, started once per JVM before any connection is opened (remote connections deliver
 * events only to a loop registered before they were opened). Its one daemon thread runs every callback.
 */
final class LibvirtEventLoop {
    private static final Logger LOG = Logger.getLogger(LibvirtEventLoop.class);
    private static boolean started;

    private LibvirtEventLoop() {
    }

    static synchronized void ensureStarted() throws LibvirtException {
        if (started) {
            return;
        }
        Library.initEventLoop();
        Thread thread = new Thread(LibvirtEventLoop::run, "libvirt-events");
        thread.setDaemon(true);
        thread.start();
        started = true;
    }

    private static void run() {
        try {
            Library.runEventLoop();
        } catch (LibvirtException e) {
            LOG.error("libvirt's event loop stopped: domain lifecycle events are no longer heard", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
