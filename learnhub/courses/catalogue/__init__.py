"""The catalogue (课程): published courses filtered by 专题 and tag and searched by text,
with the character-bigram index that search reads."""
