console.log("smm");
