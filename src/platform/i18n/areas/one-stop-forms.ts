/** Messages of the one-stop-forms area: Vietnamese first, English with exactly the same keys. */
export const vi = {
  'one_stop_forms.error.required': 'Không in được biểu mẫu: thiếu thông tin bắt buộc “{field}”.',
  'one_stop_forms.error.too_long': 'Không in được biểu mẫu: “{field}” dài quá {max} ký tự.',
  'one_stop_forms.error.date': 'Không in được biểu mẫu: “{field}” không phải là ngày giờ hợp lệ.',
  'one_stop_forms.error.count': 'Không in được biểu mẫu: “{field}” phải là số nguyên từ 0 đến {max}.',
  'one_stop_forms.error.list_empty': 'Không in được biểu mẫu: danh sách “{field}” còn trống.',
  'one_stop_forms.error.too_many': 'Không in được biểu mẫu: danh sách “{field}” có quá {max} dòng.',
  'one_stop_forms.error.public_url': 'Không in được mã QR tra cứu: địa chỉ trang “{field}” không hợp lệ (cần bắt đầu bằng https:// hoặc http://).',
  'one_stop_forms.error.period': 'Không in được sổ theo dõi: ngày bắt đầu ở sau ngày kết thúc.',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'one_stop_forms.error.required': 'The form cannot be printed: the required “{field}” is missing.',
  'one_stop_forms.error.too_long': 'The form cannot be printed: “{field}” is longer than {max} characters.',
  'one_stop_forms.error.date': 'The form cannot be printed: “{field}” is not a valid date and time.',
  'one_stop_forms.error.count': 'The form cannot be printed: “{field}” must be a whole number from 0 to {max}.',
  'one_stop_forms.error.list_empty': 'The form cannot be printed: the list “{field}” is empty.',
  'one_stop_forms.error.too_many': 'The form cannot be printed: the list “{field}” has more than {max} lines.',
  'one_stop_forms.error.public_url': 'The tracking QR code cannot be printed: the site address “{field}” is not valid (it must start with https:// or http://).',
  'one_stop_forms.error.period': 'The register cannot be printed: the start date is after the end date.',
};
