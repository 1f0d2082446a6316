-- lectern's language server in Neovim (0.7 and later, its built-in LSP
-- client): diagnostics as you type, hovers, completion, the slide outline,
-- and a preview under `lectern serve` that follows the cursor.
-- Install: copy this file to ~/.config/nvim/plugin/lectern.lua (see
-- docs/editors.md). `vim.g.lectern_cmd` names the binary if `lectern` is
-- not on PATH.

local clients = {}

-- The course folder: the nearest folder up with course.toml, else the file's.
local function course_root(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local found = vim.fn.findfile('course.toml', dir .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h')
  end
  return dir
end

local function lectern_client(buf)
  local all = (vim.lsp.get_clients or vim.lsp.get_active_clients)()
  for _, c in ipairs(all) do
    if c.name == 'lectern' and vim.lsp.buf_is_attached(buf, c.id) then
      return c
    end
  end
end

vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  pattern = { '*.md', 'course.toml', 'theme.toml' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local root = course_root(file)
    -- Markdown elsewhere is left alone: only a course's decks.
    if vim.fn.filereadable(root .. '/course.toml') == 0 then
      return
    end
    local id = clients[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client({
        name = 'lectern',
        cmd = { vim.g.lectern_cmd or 'lectern', 'lsp' },
        root_dir = root,
      })
      clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})

-- The author preview of a running `lectern serve` follows the cursor.
vim.api.nvim_create_autocmd({ 'CursorMoved', 'CursorMovedI' }, {
  pattern = '*.md',
  callback = function(args)
    local c = lectern_client(args.buf)
    if not c then
      return
    end
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local line = vim.api.nvim_buf_get_lines(args.buf, row - 1, row, false)[1] or ''
    local _, character = vim.str_utfindex(line, math.min(col, #line))
    c.notify('lectern/cursor', {
      textDocument = { uri = vim.uri_from_bufnr(args.buf) },
      position = { line = row - 1, character = character },
    })
  end,
})

-- :LecternPreview opens the deck's author preview in the browser (starting
-- `lectern serve` for the course when none runs).
vim.api.nvim_create_user_command('LecternPreview', function()
  local buf = vim.api.nvim_get_current_buf()
  local c = lectern_client(buf)
  if not c then
    vim.notify('lectern: no language server on this buffer', vim.log.levels.WARN)
    return
  end
  c.request('lectern/openPreview', { uri = vim.uri_from_bufnr(buf) }, function(err, result)
    if err or not result then
      vim.notify('lectern: no preview for this file', vim.log.levels.WARN)
      return
    end
    local open = vim.fn.has('mac') == 1 and 'open' or 'xdg-open'
    vim.fn.jobstart({ open, result.url }, { detach = true })
  end, buf)
end, {})
