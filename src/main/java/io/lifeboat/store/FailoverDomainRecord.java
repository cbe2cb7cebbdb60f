package io.lifeboat.store;

import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "cluster_failover_domain")
public class FailoverDomainRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The cluster it belongs to (its row's id). */
    @Column(name = "cluster_id")
    public Long clusterId;
    public String name;
    /** Its place in the document. */
    public int position;
    @Column(name = "prefer_order")
    public boolean ordered;
    public boolean restricted;
    public boolean nofailback;
    /** JSON list of {host, priority}. */
    public String members;

    void write(FailoverDomainSpec d, Json json) {
        name = d.name();
        ordered = d.ordered();
        restricted = d.restricted();
        nofailback = d.nofailback();
        members = json.write(d.members());
    }

    FailoverDomainSpec spec(Json json) {
        return new FailoverDomainSpec(name, ordered, restricted, nofailback, json.readMembers(members));
    }
}
