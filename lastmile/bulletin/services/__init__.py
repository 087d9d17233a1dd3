"""Every write of the bulletin app: notices (``notices``), their one transition service
(``notice_transition``), message-board posts (``board``) and their moderation
(``moderation``, the posts' one transition service)."""
