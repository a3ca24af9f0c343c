/** The in-memory lists of this service, as their cursors name them (paged by service-kit's pageInMemory). */
export const LISTS = {
  attendanceByName: 'red-gestion session attendance BY_ENTITY_NAME',
  servantsByRecord: 'red-gestion entity servants BY_RECORDED_AT',
} as const;
