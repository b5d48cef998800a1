// Writes the stroke data Congress Office sorts names by (congress_office/strokes.py), from
// the npm packages cnchar-order (simplified characters) and cnchar-trad (traditional ones),
// installed by bin/generate-stroke-data. Only this generator needs node; the app reads JSON.
//   node bin/stroke_data.js <node_modules folder> <output.json>
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, output] = process.argv.slice(2);
const simplified = require(path.join(modules, "cnchar-order")).dict.orders;
const traditional = require(path.join(modules, "cnchar-trad")).dict.order;

// cnchar writes each stroke as a letter naming its shape (its strokeTable). GB/T 13418 and
// the 现代汉语通用字笔顺规范 sort by five classes, 横1 竖2 撇3 点4 折5: 提 counts as 横,
// 竖钩 as 竖, 捺 as 点, and every stroke with a turn as 折.
const CLASS_OF_LETTER = {
  j: "1", // 横
  i: "1", // 提
  f: "2", // 竖
  g: "2", // 竖钩
  s: "3", // 撇
  k: "4", // 点
  d: "4", // 点 (cnchar's second 点 shape)
  l: "4", // 捺
};
const TURNING = "abcehmnopqrtuvwxyz"; // the 折 letters of cnchar's strokeTable
for (const letter of TURNING) CLASS_OF_LETTER[letter] = "5";

function classes(letters, char) {
  return [...letters]
    .map((letter) => {
      const cls = CLASS_OF_LETTER[letter];
      if (!cls) throw new Error(`unknown stroke letter ${letter} in ${char}`);
      return cls;
    })
    .join("");
}

const strokes = {};
// Simplified first: a character in both packages keeps the simplified package's order.
for (const table of [simplified, traditional]) {
  for (const [char, letters] of Object.entries(table)) {
    if (!(char in strokes) && letters) strokes[char] = classes(letters, char);
  }
}
const chars = Object.keys(strokes).sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
// One character a line: compact, and a regeneration shows as a readable diff.
const lines = chars.map((c) => `${JSON.stringify(c)}:${JSON.stringify(strokes[c])}`);
fs.writeFileSync(output, `{\n${lines.join(",\n")}\n}\n`);
console.log(`${chars.length} characters written to ${output}`);
