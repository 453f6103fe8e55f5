/**
 * Shared by the migrations that define the bulk load's index functions (1767200000000 and those
 * that change one of its indexes). Kept out of the migrations' own folder: TypeORM takes every
 * function a migration file exports for a migration.
 */

/** An index a bulk load drops and builds again: its table, name and definition. */
export type BulkLoadIndex = [table: string, name: string, definition: string];
/**
 * The two functions over `indexes` (`schema` quoted). Created or replaced: a later migration
 * that changes one of the indexes runs them again with its list.
 */
export function bulkLoadIndexFunctions(
  schema: string,
  indexes: readonly BulkLoadIndex[],
): string[] {
  const names = indexes.map(([, name]) => `${schema}.${name}`).join(', ');
  const creates = indexes.map(
    ([table, name, definition]) =>
      `'create index if not exists ${name} on ${schema}.${table} ${definition.replace(/'/g, "''")}'`,
  );
  const qualified = indexes.map(([, name]) => `'${schema}.${name}'`);
  return [
    `
      create or replace function drop_bulk_load_indexes() returns void
        language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
      begin
        drop index if exists ${names};
      end $$`,
    `
      create or replace function restore_bulk_load_indexes(part integer, parts integer) returns integer
        language plpgsql security definer set search_path = pg_catalog, pg_temp
        set maintenance_work_mem = '512MB' set max_parallel_maintenance_workers = 0 as $$
      declare
        names text[] := array[${qualified.join(', ')}];
        creates text[] := array[${creates.join(', ')}];
        built integer := 0;
      begin
        -- Two callers of one part (a load ending as a service starts) build it one after the other.
        perform pg_advisory_xact_lock(hashtext('restore_bulk_load_indexes'), part);
        for i in 1 .. array_length(creates, 1) loop
          if (i - 1) % parts = part and to_regclass(names[i]) is null then
            execute creates[i];
            built := built + 1;
          end if;
        end loop;
        return built;
      end $$`,
  ];
}
