/** Digital signatures: certificates, signing, verification (issue #5). */
export const vi = {
  'audit.action.signatures.certificate_issued': 'Cấp chứng thư số',
  'audit.action.signatures.certificate_imported': 'Nhập chứng thư số (PKCS#12)',
  'audit.action.signatures.certificate_revoked': 'Thu hồi chứng thư số',
  'audit.action.signatures.signature_image_uploaded': 'Tải lên ảnh chữ ký',
  'audit.action.signatures.document_signed': 'Ký số văn bản',
  'audit.target.certificate': 'Chứng thư số',
  'audit.target.signed_document': 'Văn bản đã ký số',
  // The words of a visible signature, in the document's language (Vietnamese, Decree 30/2020).
  'signatures.appearance.signed_by': 'Ký bởi:',
  'signatures.appearance.time': 'Thời gian:',
  'signatures.image_required': 'Hãy chọn tệp ảnh chữ ký.',
  'signatures.image_too_large': 'Ảnh chữ ký quá lớn: tối đa 512 KB.',
  'signatures.image_not_png': 'Ảnh chữ ký phải là tệp PNG (nền trong suốt, mực xanh).',
  'signatures.image_bad_dimensions': 'Mỗi cạnh của ảnh chữ ký phải từ 50 đến 2000 điểm ảnh.',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'audit.action.signatures.certificate_issued': 'Issued a signing certificate',
  'audit.action.signatures.certificate_imported': 'Imported a signing certificate (PKCS#12)',
  'audit.action.signatures.certificate_revoked': 'Revoked a signing certificate',
  'audit.action.signatures.signature_image_uploaded': 'Uploaded a signature image',
  'audit.action.signatures.document_signed': 'Signed a document',
  'audit.target.certificate': 'Signing certificate',
  'audit.target.signed_document': 'Signed document',
  'signatures.appearance.signed_by': 'Signed by:',
  'signatures.appearance.time': 'Time:',
  'signatures.image_required': 'Choose the signature image file.',
  'signatures.image_too_large': 'The signature image is too large: 512 KB at most.',
  'signatures.image_not_png': 'The signature image must be a PNG file (transparent background, blue ink).',
  'signatures.image_bad_dimensions': 'Each side of the signature image must be 50 to 2000 pixels.',
};
