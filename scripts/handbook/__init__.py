"""地域づくり支援ハンドブック: curriculum loading, validation and rendering."""
