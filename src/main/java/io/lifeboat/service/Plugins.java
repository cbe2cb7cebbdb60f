package io.lifeboat.service;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.lifeboat.handlers.ActionHandlers;
import io.lifeboat.actions.DispatcherFactory;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.alerts.AlertAgentHandler;
import io.lifeboat.alerts.AlertAgents;
import io.lifeboat.fencing.FenceAgentCatalogue;
import io.lifeboat.fencing.FenceAgentRunner;
import io.lifeboat.fencing.FenceDeviceCheck;
import io.lifeboat.fencing.ManualFenceConfirmation;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.metrics.LifeboatMetrics;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.KnownFenceDevices;
import io.lifeboat.store.ResilientJournal;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import io.lifeboat.config.LifeboatConfig;

/** Wires the plain plugin classes into CDI, so that they stay framework-free and testable on their own. */
@ApplicationScoped
public class Plugins {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    PowerLedger powerLedger() {
        return new PowerLedger();
    }

    @Produces
    @ApplicationScoped
    ManualFenceConfirmation manualFenceConfirmation(PowerLedger ledger) {
        return new ManualFenceConfirmation(ledger);
    }

    @Produces
    @ApplicationScoped
    VmDefinitions vmDefinitions() {
        return new VmDefinitions();
    }

    @Produces
    @ApplicationScoped
    VmLocations vmLocations() {
        return new VmLocations();
    }

    @Produces
    @ApplicationScoped
    LibvirtDriver libvirtDriver(LifeboatConfig config, Clock clock) {
        return new LibvirtDriver(config.monitor().reconnectBackoff(), config.monitor().reconnectBackoffMax(), clock);
    }

    void closeLibvirt(@Disposes LibvirtDriver driver) {
        driver.close();
    }

    @Produces
    @ApplicationScoped
    FenceAgentRunner fenceAgentRunner(LifeboatConfig config) {
        return new FenceAgentRunner(config.fencing().agentPath());
    }

    @Produces
    @ApplicationScoped
    FenceDeviceCheck fenceDeviceCheck(LifeboatConfig config, FenceAgentRunner runner, ClusterStore store) {
        return new FenceDeviceCheck(runner, store, config.fencing().agentTimeout());
    }

    @Produces
    @ApplicationScoped
    FenceAgentCatalogue fenceAgentCatalogue(LifeboatConfig config, FenceAgentRunner runner) {
        return new FenceAgentCatalogue(config.fencing().agentPath(),
                agent -> runner.metadata(agent, config.fencing().agentTimeout()));
    }

    @Produces
    @ApplicationScoped
    AlertAgents alertAgents(LifeboatConfig config, Clock clock, LifeboatMetrics metrics,
                            @ConfigProperty(name = "quarkus.application.version") String version) {
        LifeboatConfig.Alerts alerts = config.alerts();
        return new AlertAgents(new AlertAgents.Settings(alerts.dir(), alerts.timeout(),
                alerts.recipients().orElse(List.of()), DateTimeFormatter.ofPattern(alerts.timestampFormat()), version),
                clock, metrics);
    }

    void closeAlertAgents(@Disposes AlertAgents agents) {
        agents.close();
    }

    @Produces
    @ApplicationScoped
    DispatcherFactory dispatchers(LifeboatConfig config, ResilientJournal journal, FenceAgentRunner runner,
                                  KnownFenceDevices devices, PowerLedger ledger, LibvirtDriver driver,
                                  VmDefinitions definitions, VmLocations locations, AlertAgents alerts,
                                  LifeboatMetrics metrics) {
        return new DispatcherFactory(ActionHandlers.of(driver, runner, devices, ledger, definitions, locations,
                config.fencing().agentTimeout(), new AlertAgentHandler(alerts)), journal, config.dispatch().timeout(),
                config.dispatch().threads(), metrics);
    }
}
