"""Label how an ad asks for each skill: required, preferred or other.

Headings set a label for the lines under them (segments, headings); cues inside a sentence
("experience with X", "X is a plus", "we use X") decide for the skills near them
(sentence_cues, found per sentence by index); a skill named in a role ("Senior Go
Engineer") is required (mention). The words live in cues.yaml (loaded by cues).
"""
