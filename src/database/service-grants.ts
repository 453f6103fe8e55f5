/**
 * What the service's database role may do, table by table (security review, finding 6). The
 * schema's owner runs the migrations; the service connects as another role that owns nothing
 * and holds only these grants, so a hijacked service session (or a leaked service password)
 * cannot rewrite history, switch the audit triggers off (`alter table ... disable trigger`
 * needs the owner), run programs (`copy ... to program` needs a superuser) or create objects.
 *
 * History is append-only for it: audit_event and person_version take INSERT and SELECT only;
 * link_event too, apart from the one column an undo marks (`undone_by`); the audit chain's
 * tail may move its `seq` and `hash`, never where the chain starts. Every table of the schema
 * must be listed here (a test holds the migrations to it): a new table with no line is a
 * table the service cannot use. Partitions are not listed: the service reaches them through
 * their table only (audit_event's months). The statements that grant them are in
 * service-grants.repository.ts.
 */
export const SERVICE_TABLE_GRANTS: Readonly<Record<string, readonly string[]>> = {
  // Delete: an HL7 A40 merge removes the subsumed record (its link and tasks go with it; its
  // link events stay, as history).
  source_record: ['select', 'insert', 'update', 'delete'],
  record_block_key: ['select', 'insert', 'delete'],
  name_frequency: ['select', 'insert', 'update'],
  audit_event: ['select', 'insert'],
  audit_chain_tail: ['select', 'update (seq, hash)'],
  person: ['select', 'insert', 'update'],
  person_version: ['select', 'insert'],
  record_link: ['select', 'insert', 'update', 'delete'],
  link_event: ['select', 'insert', 'update (undone_by)'],
  review_task: ['select', 'insert', 'update'],
  hard_no: ['select', 'insert', 'delete'],
  match_model: ['select', 'insert'],
  relink_run: ['select', 'insert', 'update'],
  bulk_import_run: ['select', 'insert', 'update'],
  // The HL7 v2 door: accepted messages are kept 30 days, then pruned; dead letters are
  // marked when replayed (never rewritten); continuation pointers advance and expire.
  hl7_inbound: ['select', 'insert', 'delete'],
  hl7_dead_letter: ['select', 'insert', 'update (replayed_at, replay_ack_code)'],
  hl7_query_continuation: ['select', 'insert', 'update (position)', 'delete'],
  // TypeORM's own record of the migrations run: read, so a service started without the
  // owner's URL still finds none pending; only the owner runs them.
  migrations: ['select'],
};

/** Sequences the service draws from (link_event's ids; audit seqs come from the chain tail). */
export const SERVICE_SEQUENCES: readonly string[] = ['link_event_id_seq'];

/** Functions run with the owner's rights that the service may call (see their migration). */
export const SERVICE_FUNCTIONS: readonly string[] = [
  'refresh_planner_statistics()',
  // Creates the audit trail's monthly partitions ahead (src/audit/audit-partitions.ts).
  'add_audit_event_partitions(integer)',
  // Runs with the caller's rights: the locks and row locks the ingest would take itself.
  'lock_and_write_records(text, json, integer, integer)',
  // Likewise: the linker's state read, which lock_and_write_records also runs after its write.
  'link_state(uuid[], text[], uuid[], integer, boolean, text[], text[])',
  // Likewise: the persons' row locks, then their members and names as the linker would read them.
  'lock_persons_with_members(uuid[], uuid[], text[], text[])',
  // A bulk load goes without the indexes neither $match nor the linker reads, and builds them
  // again at its end (src/database/bulk-load-indexes.ts).
  'drop_bulk_load_indexes()',
  'restore_bulk_load_indexes(integer, integer)',
];

/** The role the embedded database's service connects as. */
export const EMBEDDED_SERVICE_ROLE = 'mpi_app';
