#!/usr/bin/env bash
# Runs the replica takeover test (integration-tests/.../ReplicaTakeoverIT) against a three-node Galera cluster on
# loopback ports, each Lifeboat replica on a different node, instead of the one MariaDB the suite uses.
#
#   deployment/galera/takeover-on-galera.sh          (from a checkout, as root on Debian 12; about 5 minutes)
#
# What it does: installs Debian's galera-4, mariadb-server and rsync if missing; makes three data directories under
# a temporary directory; starts node 1 as a new cluster (SQL port 4306, Galera 4567) and nodes 2 and 3 joining it
# (4307/4577, 4308/4587; state transfer by rsync on 4444/4454); waits until the cluster has three synced nodes;
# runs `./mvnw verify` for ReplicaTakeoverIT only, with replica a on node 1 and replica b on node 2; stops the
# nodes and removes their data. The test's own reads go to node 1. Exit status: the test's.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
for package in galera-4 mariadb-server mariadb-client rsync; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
provider=/usr/lib/galera/libgalera_smm.so
base=$(mktemp -d /tmp/lifeboat-galera-XXXX)
pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done; done
  rm -rf "$base"
}
trap stop_nodes EXIT

sql_port() { echo $((4305 + $1)); }
gcomm_port() { echo $((4557 + 10 * $1)); }
members="127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)"

start_node() {
  local n=$1 dir="$base/node$1"
  # The nodes run as mysql, not root: as root, rsync's state-transfer daemon would drop to nobody and fail.
  mkdir -p "$dir"
  chmod 755 "$base"
  chown mysql: "$dir"
  cat > "$dir/my.cnf" <<CNF
[mysqld]
datadir=$dir/data
port=$(sql_port "$n")
socket=$dir/mariadb.sock
pid-file=$dir/mariadb.pid
bind-address=127.0.0.1
user=mysql
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
wsrep_on=ON
wsrep_provider=$provider
wsrep_cluster_name=lifeboat-takeover
wsrep_cluster_address=gcomm://$members
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(( $(gcomm_port "$n") + 1 ))"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$((4434 + 10 * n))
CNF
  if [ "$n" = 1 ]; then
    mariadb-install-db --defaults-file="$dir/my.cnf" --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
    chown -R mysql: "$dir"
    mariadbd --defaults-file="$dir/my.cnf" --wsrep-new-cluster >"$dir/server.log" 2>&1 &
  else
    mkdir -p "$dir/data"
    chown -R mysql: "$dir"
    mariadbd --defaults-file="$dir/my.cnf" >"$dir/server.log" 2>&1 &
  fi
  pids+=($!)
  for _ in $(seq 1 120); do
    if mysql --protocol=tcp -h127.0.0.1 -P"$(sql_port "$n")" -uroot -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | grep -q Synced; then
      echo "galera: node $n synced (SQL port $(sql_port "$n"))"
      return 0
    fi
    sleep 1
  done
  echo "galera: node $n did not sync; its log:" >&2
  tail -30 "$dir/server.log" >&2
  exit 1
}

for n in 1 2 3; do start_node "$n"; done
mysql --protocol=tcp -h127.0.0.1 -P"$(sql_port 1)" -uroot -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'"
servers="jdbc:mariadb://127.0.0.1:$(sql_port 1)/,jdbc:mariadb://127.0.0.1:$(sql_port 2)/"
./mvnw -B -q verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ReplicaTakeoverIT \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dlifeboat.takeover.servers="$servers"
echo "galera: ReplicaTakeoverIT passed with replica a on node 1 and replica b on node 2"
