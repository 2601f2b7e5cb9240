#!/usr/bin/env node
// Check KQL files with Microsoft's Kusto language service (@kusto/language-service-next).
// Usage: node check-kql.js [--analyzers] [--errors-only] [FILE...]   (reads stdin when no FILE)
//   default       : exit 1 if any diagnostic (any severity) from KustoCode.GetDiagnostics()
//   --errors-only : exit 1 only for Severity "Error" (others are still printed)
//   --analyzers   : also run the editor's analyzers (KustoCodeService.GetAnalyzerDiagnostics: lint/perf hints)
// Exit: 0 = clean, 1 = diagnostics found, 2 = load/usage/IO failure.
'use strict';
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const errorsOnly = args.includes('--errors-only');
const analyzers = args.includes('--analyzers');
const files = args.filter((a) => !a.startsWith('--'));

let K;
try {
  // Order matters: bridge.js (Bridge.NET runtime) defines global Bridge/System; the Kusto file
  // calls Bridge.assembly(...) and defines global Kusto.*. Under Node, bridge.js attaches to `global`.
  const dir = path.dirname(require.resolve('@kusto/language-service-next/package.json', { paths: [__dirname] }));
  require(path.join(dir, 'bridge.js'));
  require(path.join(dir, 'Kusto.Language.Bridge.js'));
  K = global.Kusto && global.Kusto.Language;
  if (!K || !K.KustoCode || !K.GlobalState) throw new Error('global Kusto.Language not defined after loading');
} catch (e) {
  process.stderr.write(`check-kql: cannot load @kusto/language-service-next: ${e && e.message}\n`);
  process.exit(2);
}

const signin = '(TimeGenerated:datetime, UserPrincipalName:string, UserId:string, UserDisplayName:string, ' +
  'IPAddress:string, ResultType:string, ResultDescription:string, AppDisplayName:string, Location:string, ' +
  'LocationDetails:dynamic, Status:dynamic, ConditionalAccessStatus:string, ClientAppUsed:string, ' +
  'UserAgent:string, CorrelationId:string, Identity:string, Category:string, OperationName:string)';
const audit = '(TimeGenerated:datetime, OperationName:string, Category:string, Result:string, ' +
  'ResultDescription:string, ActivityDisplayName:string, InitiatedBy:dynamic, TargetResources:dynamic, ' +
  'CorrelationId:string, LoggedByService:string, AdditionalDetails:dynamic, Identity:string)';

let globals;
try {
  const S = K.Symbols;
  // TableSymbol.$ctor7 = (name, schemaText, description); DatabaseSymbol.ctor = (name, Symbol[])
  const tables = [
    new S.TableSymbol.$ctor7('SigninLogs', signin, null),
    new S.TableSymbol.$ctor7('AADNonInteractiveUserSignInLogs', signin, null),
    new S.TableSymbol.$ctor7('AuditLogs', audit, null),
  ];
  const db = new S.DatabaseSymbol.ctor('LogAnalytics', tables);
  globals = K.GlobalState.Default.WithDatabase(db);
} catch (e) {
  process.stderr.write(`check-kql: cannot build schema: ${e && e.message}\n`);
  process.exit(2);
}

function toArray(list) {
  const out = [];
  if (list) for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}

function lineCol(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function check(name, text) {
  const code = K.KustoCode.ParseAndAnalyze(text, globals);
  let diags = toArray(code.GetDiagnostics());
  if (analyzers) diags = diags.concat(toArray(new K.Editor.KustoCodeService.ctor(code).GetAnalyzerDiagnostics(true)));
  for (const d of diags) {
    const where = d.HasLocation ? `offset ${d.Start} len ${d.Length} (line:col ${lineCol(text, d.Start)})` : 'no location';
    process.stderr.write(`${name}: ${d.Severity} ${d.Code}: ${d.Message} [${where}]\n`);
  }
  const failing = diags.filter((d) => !errorsOnly || d.Severity === 'Error');
  if (diags.length === 0) process.stdout.write(`${name}: 0 diagnostics\n`);
  return failing.length > 0;
}

let bad = false;
try {
  if (files.length === 0) bad = check('<stdin>', fs.readFileSync(0, 'utf8'));
  else for (const f of files) bad = check(f, fs.readFileSync(f, 'utf8')) || bad;
} catch (e) {
  process.stderr.write(`check-kql: ${e && e.message}\n`);
  process.exit(2);
}
process.exit(bad ? 1 : 0);
