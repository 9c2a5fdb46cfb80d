import { listRules } from '../../engine/src';
console.log(listRules().map((r) => r.id).join('\n'));
