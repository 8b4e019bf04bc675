/** The workflows the worker registers (its `workflowsPath`). */
export { caseWorkflow } from './case-workflow';
export { maintenanceWorkflow } from './maintenance';
export { notificationDeliveryWorkflow } from './notification-delivery';
