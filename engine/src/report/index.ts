export { buildReport, bytecodeFacts, confirmationLabel, describeSkipped, TOOL_NAME, TOOL_VERSION, type Report, type ReportInput, type ReportContractBytecode, type ReportContractGas, type ReportError, type ReportSkipped } from './model';
export { assessRisk, exploitabilityOf, findingWeight, levelOf, type Exploitability, type ContractRisk, type RiskDriver, type RiskLevel } from './risk';
export { renderJson } from './json';
export { renderSarif, sarifLog, type SarifOptions } from './sarif';
export { renderMarkdown, type RenderOptions } from './markdown';
export { renderHtml } from './html';
export { renderText, type TextOptions } from './text';
