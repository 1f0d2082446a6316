// Starts `lectern lsp` for a course's files and offers "Open preview beside".
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration('lectern').get<string>('path') || 'lectern';
  const serverOptions: ServerOptions = { command, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', pattern: '**/course.toml' },
      { scheme: 'file', pattern: '**/themes/*/theme.toml' },
    ],
  };
  client = new LanguageClient('lectern', 'lectern', serverOptions, clientOptions);
  await client.start();

  // The author preview follows the cursor (the server also takes the
  // highlight requests VS Code sends, but those can be switched off).
  context.subscriptions.push(
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      if (!client || doc.languageId !== 'markdown' || doc.uri.scheme !== 'file') return;
      const at = e.selections[0].active;
      client.sendNotification('lectern/cursor', {
        textDocument: { uri: doc.uri.toString() },
        position: { line: at.line, character: at.character },
      });
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('lectern.openPreview', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!client || !editor) return;
      const answer = await client.sendRequest<{ url: string } | null>('lectern/openPreview', {
        uri: editor.document.uri.toString(),
      });
      if (!answer) {
        vscode.window.showWarningMessage('lectern: this file has no preview (a deck of a course has).');
        return;
      }
      await vscode.commands.executeCommand('simpleBrowser.api.open', vscode.Uri.parse(answer.url), {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: true,
      });
    }),
  );
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
