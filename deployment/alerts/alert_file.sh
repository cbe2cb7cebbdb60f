#!/bin/sh
# Lifeboat alert agent: appends one line per alert to the file named by the recipient.
#
# Lifeboat runs every executable in lifeboat.alerts.dir for every alert, once per recipient
# (lifeboat.alerts.recipients), with the alert in environment variables named as Pacemaker names them
# (CRM_alert_*), plus LIFEBOAT_alert_* (README "Alerts"). So this agent also works under Pacemaker, and
# Pacemaker's own sample agents work under Lifeboat.
#
#   lifeboat.alerts.dir=/etc/lifeboat/alerts
#   lifeboat.alerts.recipients=/var/log/lifeboat/alerts.log
#
# An agent must cope with an empty recipient (none configured): this one then does nothing.
# It runs under lifeboat.alerts.timeout (30 s) and is killed after it; exit 0 means delivered.

: "${CRM_alert_version:=}" "${CRM_alert_recipient:=}" "${CRM_alert_timestamp:=}" "${CRM_alert_kind:=}"
: "${CRM_alert_node:=}" "${CRM_alert_rsc:=}" "${CRM_alert_task:=}" "${CRM_alert_desc:=}"
: "${LIFEBOAT_alert_subject:=}" "${LIFEBOAT_alert_rule:=}"

if [ -z "$CRM_alert_version" ]; then
    echo "$0 is run by Lifeboat (or Pacemaker), with the alert in its environment" >&2
    exit 0
fi
if [ -z "$CRM_alert_recipient" ]; then
    echo "$0 needs a recipient: the path of the file to append to" >&2
    exit 0
fi

case "$CRM_alert_kind" in
    fencing)  what="Fencing ${CRM_alert_node:-cluster}: $CRM_alert_task" ;;
    node)     what="Node $CRM_alert_node: $CRM_alert_task" ;;
    resource) what="VM $CRM_alert_rsc: $CRM_alert_task" ;;
    *)        what="${LIFEBOAT_alert_subject:-$CRM_alert_kind}: $CRM_alert_task" ;;
esac

echo "$CRM_alert_timestamp $what - $CRM_alert_desc${LIFEBOAT_alert_rule:+ [$LIFEBOAT_alert_rule]}" >> "$CRM_alert_recipient"
