;;; eglot-probe.el --- batch check: Emacs eglot drives the ECI language server on one YAML file.
;; emacs --batch -Q -l eglot-probe.el, with ECI_SERVER (the server command) and ECI_FILE (a YAML file).
;; The server is registered the way the README says (eglot-server-programs) and started as `eglot-ensure' does.
;; Prints one line per diagnostic, the server's name and version, and what completion offers at ECI_COMPLETE
;; ("line:character", 0-based). Exits 0 when diagnostics arrived.
(setq package-directory-list (list "/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'flymake)
(define-derived-mode yaml-mode prog-mode "YAML")
(add-to-list 'eglot-server-programs `((yaml-mode yaml-ts-mode) . (,(getenv "ECI_SERVER") "--stdio")))
(let ((deadline (+ (float-time) 30))
      (project-find-functions (list (lambda (dir) (cons 'transient dir))))
      diags)
  (find-file (getenv "ECI_FILE"))
  (yaml-mode)
  (apply #'eglot (eglot--guess-contact))
  (while (and (null (setq diags (flymake-diagnostics))) (< (float-time) deadline))
    (accept-process-output nil 0.2))
  (dolist (d (sort diags (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
    (princ (format "diagnostic %d:%d %s %s\n"
                   (line-number-at-pos (flymake-diagnostic-beg d))
                   (save-excursion (goto-char (flymake-diagnostic-beg d)) (1+ (current-column)))
                   (flymake-diagnostic-type d)
                   (flymake-diagnostic-text d))))
  (let* ((server (eglot-current-server))
         (info (eglot--server-info server))
         (at (mapcar #'string-to-number (split-string (or (getenv "ECI_COMPLETE") "0:0") ":")))
         (completion (jsonrpc-request server :textDocument/completion
                                      (list :textDocument (eglot--TextDocumentIdentifier)
                                            :position (list :line (car at) :character (cadr at))))))
    (princ (format "server %s %s\n" (plist-get info :name) (plist-get info :version)))
    (seq-doseq (item (plist-get completion :items))
      (princ (format "completion %s\n" (plist-get item :label))))
    (eglot-shutdown server))
  (kill-emacs (if diags 0 1)))
