export { SendTransferNotice, TransferNoticeSent } from './notice-messages';
export { TransferNotice } from './transfer-notice';
export { noticeFor, startNotifications } from './notifications-service';
export type { NotificationsOptions, NotificationsService } from './notifications-service';
