-- The newest definition (libvirt domain XML) seen of each VM, so that a VM can be restarted elsewhere even
-- when its host died before this Lifeboat process ever saw it.
ALTER TABLE vm ADD COLUMN definition_xml TEXT NULL;
