#!/usr/bin/env node
// `dl-language-server`: the language server over stdin and stdout, for any LSP client.
import { createConnection } from "vscode-languageserver/node.js";
import { serve } from "./server.ts";

serve(createConnection(process.stdin, process.stdout));
