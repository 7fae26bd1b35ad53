/** Messages of the documents area (e-office, issue #8): Vietnamese first, English with the same keys. */
export const vi = {
  'nav.documents': 'Văn bản',
  'documents.tabs': 'Các mục văn bản',
  'documents.tab.incoming': 'Văn bản đến',
  'documents.tab.outgoing': 'Văn bản đi',
  'documents.tab.search': 'Tìm kiếm',
  'documents.tab.tasks': 'Công việc',
  'documents.tab.files': 'Hồ sơ công việc',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'nav.documents': 'Documents',
  'documents.tabs': 'Document sections',
  'documents.tab.incoming': 'Incoming',
  'documents.tab.outgoing': 'Outgoing',
  'documents.tab.search': 'Search',
  'documents.tab.tasks': 'Tasks',
  'documents.tab.files': 'Case files',
};
